package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.support.SwitchboardTest;

/** A Skype 1:1 conversation: customer -> case -> staff reply -> reply Activity at the serviceUrl. */
class BotFrameworkRoundTripTest extends SwitchboardTest {

    static final String APP_ID = "11111111-2222-3333-4444-555555555555";
    static final FakeBotConnector CONNECTOR = FakeBotConnector.start(APP_ID, "s3cr3t-password");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void bot(DynamicPropertyRegistry registry) {
        registry.add("switchboard.botframework.bots.support.app-id", () -> APP_ID);
        registry.add("switchboard.botframework.bots.support.app-password", () -> "s3cr3t-password");
        registry.add("switchboard.botframework.bots.support.openid-metadata-url", CONNECTOR::openIdMetadataUrl);
        registry.add("switchboard.botframework.bots.support.token-url", CONNECTOR::tokenUrl);
    }

    @AfterAll
    static void stop() {
        CONNECTOR.close();
    }

    private String endpoint() {
        return "http://127.0.0.1:" + port + "/channels/botframework/support/messages";
    }

    @Test
    void aCustomerMessageBecomesACaseAndTheStaffReplyAnswersIt() {
        ObjectNode message = CONNECTOR.fixture("message-skype");
        FakeBotConnector.Delivery answer = CONNECTOR.send(endpoint(), message);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);

        JsonNode found = await().atMost(PATIENCE).until(() -> admin().get("/api/cases.json?channel=bf-support"
                + "&show_active_chats=true").json(), list -> list.path("total_count").asInt() == 1);
        JsonNode deskCase = found.get("0").get("case");
        long caseId = deskCase.get("case_id").asLong();
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("active");
        JsonNode messages = admin().get("/api/cases/" + caseId + "/messages.json").json();
        assertThat(messages.get("0").get("message").get("content").asText())
                .isEqualTo("Hello, my order #1042 has not arrived yet");

        assertThat(admin().post("/api/cases/" + caseId + "/messages.json",
                Map.of("message", Map.of("content", "It ships today, Alice."))).status()).isEqualTo(201);
        RecordedRequest reply = await().atMost(PATIENCE).until(CONNECTOR::activities, a -> a.size() == 1).get(0);
        assertThat(reply.conversationId()).isEqualTo(message.get("conversation").get("id").asText());
        assertThat(reply.activityId()).isEqualTo(message.get("id").asText());
        JsonNode activity = reply.json();
        assertThat(activity.get("type").asText()).isEqualTo("message");
        assertThat(activity.get("text").asText()).isEqualTo("It ships today, Alice.");
        assertThat(activity.get("from").get("id").asText()).isEqualTo("28:" + APP_ID);
        assertThat(activity.get("recipient").get("id").asText()).isEqualTo(message.get("from").get("id").asText());
        assertThat(activity.get("replyToId").asText()).isEqualTo(message.get("id").asText());

        // the same activity again: stored once
        assertThat(CONNECTOR.send(endpoint(), message).status()).isEqualTo(200);
        assertThat(CONNECTOR.send(endpoint(), CONNECTOR.fixture("typing")).status()).isEqualTo(200);
    }

    @Test
    void aRequestWithoutTheConnectorsTokenIsRefused() {
        ObjectNode message = CONNECTOR.fixture("message-webchat");
        assertThat(CONNECTOR.send(endpoint(), message, Auth.NO_HEADER).status()).isEqualTo(401);
        assertThat(CONNECTOR.send(endpoint(), message, Auth.BAD_SIGNATURE).status()).isEqualTo(401);
        assertThat(CONNECTOR.send(endpoint(), message, Auth.SERVICE_URL_MISMATCH).status()).isEqualTo(403);
    }
}
