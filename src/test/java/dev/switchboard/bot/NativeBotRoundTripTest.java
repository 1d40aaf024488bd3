package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.BotApiClient;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/** A bot of a group takes a new chat, gets new_chat with the history, and answers through the bot API. */
class NativeBotRoundTripTest extends SwitchboardTest {

    private static final WebhookReceiver PEERS = new WebhookReceiver();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @AfterAll
    static void stopPeers() {
        PEERS.close();
    }

    @Test
    void aNewChatGoesToTheBotWhoseAnswerReachesTheCustomer() {
        String key = "bots-" + UUID.randomUUID().toString().substring(0, 8);
        long group = admin().post("/api/groups.json", Map.of("group", Map.of("group_title", "Bots " + key,
                "group_key", key))).json().get("group").get("group_id").asLong();
        String botHook = PEERS.newPath();
        String channelHook = PEERS.newPath();
        DeskClient.Answer channel = admin().post("/api/custom_channels.json", Map.of("custom_channel", Map.of(
                "title", "Chat " + key, "channel_type", "sync", "webhook_url", PEERS.url(channelHook),
                "group_id", group)));
        assertThat(channel.status()).as(channel.body()).isEqualTo(201);
        String code = channel.json().get("custom_channel").get("channel_api_key").asText();
        DeskClient.Answer bot = admin().post("/api/bots.json", Map.of("bot", Map.of("title", "Helper",
                "webhook_url", PEERS.url(botHook), "group_ids", List.of(group))));
        assertThat(bot.status()).as(bot.body()).isEqualTo(201);
        String token = bot.json().get("bot").get("token").asText();
        String secret = bot.json().get("bot").get("webhook_secret").asText();
        long botStaff = bot.json().get("bot").get("staff_id").asLong();

        JsonNode created = admin().post("/api/cases.json", Map.of("case", Map.of("user_custom_id", "v-1",
                "channel", code, "user_full_name", "Vera", "content", "Hello bot"))).json().get("case");
        long caseId = created.get("case_id").asLong();

        WebhookReceiver.Hit hit = await().atMost(PATIENCE).until(() -> PEERS.delivered(botHook), h -> h.size() == 1)
                .get(0);
        assertThat(hit.header("X-Bot-API-Dialect")).isEqualTo("Webim Standard");
        assertThat(hit.header("X-Bot-API-Version")).isEqualTo("2.0");
        assertThat(hit.header("X-Switchboard-Signature")).isEqualTo(
                Webhooks.expectedSignature(secret, hit.header("X-Switchboard-Timestamp"), hit.body()));
        JsonNode event = Webhooks.json(hit);
        assertThat(event.get("event").asText()).isEqualTo("new_chat");
        assertThat(event.get("chat").get("id").asLong()).isEqualTo(caseId);
        assertThat(event.get("visitor").get("fields").get("name").asText()).isEqualTo("Vera");
        assertThat(event.get("messages")).hasSize(1);
        assertThat(event.get("messages").get(0).get("kind").asText()).isEqualTo("visitor");
        assertThat(event.get("messages").get(0).get("text").asText()).isEqualTo("Hello bot");
        assertThat(admin().get("/api/cases/" + caseId + ".json").json().get("case").get("staff_id").asLong())
                .isEqualTo(botStaff);

        BotApiClient api = new BotApiClient(admin().base(), token);
        DeskClient.Answer sent = api.call("send_message", Map.of("chat_id", caseId,
                "message", Map.of("kind", "operator", "text", "Hi Vera")));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        assertThat(sent.json().get("result").asText()).isEqualTo("ok");
        JsonNode reply = await().atMost(PATIENCE).until(() -> PEERS.delivered(channelHook), h -> h.size() == 1)
                .stream().map(Webhooks::json).findFirst().orElseThrow().get("object");
        assertThat(reply.get("content").asText()).isEqualTo("Hi Vera");
        assertThat(reply.get("staff_id").asLong()).isEqualTo(botStaff);

        assertThat(admin().post("/api/cases/" + caseId + "/messages.json", Map.of("message",
                Map.of("content", "Thanks", "user_id", created.get("user_id").asLong()))).status()).isEqualTo(201);
        JsonNode next = await().atMost(PATIENCE).until(() -> PEERS.delivered(botHook), h -> h.size() == 2)
                .stream().map(Webhooks::json).toList().get(1);
        assertThat(next.get("event").asText()).isEqualTo("new_message");
        assertThat(next.get("chat_id").asLong()).isEqualTo(caseId);
        assertThat(next.get("message").get("text").asText()).isEqualTo("Thanks");
    }
}
