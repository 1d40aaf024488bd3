package dev.switchboard.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/** Short ways to set up what a test needs through the desk API, asserting each step succeeded. */
public final class Desk {

    private final DeskClient api;

    public Desk(DeskClient api) {
        this.api = api;
    }

    /** A custom channel posting to {@code webhookUrl}; the answer includes its webhook_secret. */
    public JsonNode channel(String webhookUrl, String format) {
        DeskClient.Answer answer = api.post("/api/custom_channels.json", Map.of("custom_channel", Map.of(
                "title", "Test " + UUID.randomUUID(), "channel_type", "sync", "webhook_url", webhookUrl,
                "webhook_format", format)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("custom_channel");
    }

    /** A case opened by a custom channel's user; returns the case object. */
    public JsonNode customerCase(String channel, String customUserId, String content) {
        DeskClient.Answer answer = api.post("/api/cases.json", Map.of("case", Map.of(
                "user_custom_id", customUserId, "channel", channel, "content", content)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("case");
    }

    /** A staff reply by the client's staff member; returns the message id. */
    public long reply(long caseId, String content) {
        DeskClient.Answer answer = api.post("/api/cases/" + caseId + "/messages.json",
                Map.of("message", Map.of("content", content)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message").get("message_id").asLong();
    }

    public long note(long caseId, String content) {
        DeskClient.Answer answer = api.post("/api/cases/" + caseId + "/note.json",
                Map.of("note", Map.of("content", content)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message").get("message_id").asLong();
    }
}
