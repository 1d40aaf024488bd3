package dev.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.Desk;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/**
 * Seed 001's Omnidesk set-up for a bot platform, written as Switchboard rules: a bot staff member,
 * a "new case" and a "changed case" rule (status open: assign to the bot, POST the seed's JSON to
 * the bot's webhook, end the chat and set status waiting, add the label "on bot", ignore the
 * remaining rules). A scripted bot answers through the desk API with its email and API key.
 */
class Seed001BotSetupTest extends SwitchboardTest {

    private static final WebhookReceiver PEERS = new WebhookReceiver();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** The request body of seed 001, verbatim. */
    private static final String SEED_BODY = "{ \"event\": \"new_message\", \"message\": { \"kind\": \"text\", "
            + "\"text\": \"[case_description]\" }, \"visitor\": { \"id\": \"[user_id]\", \"fields\": { \"email\": "
            + "\"[user_email]\", \"login\": \"[user_id]\", \"name\": \"[user_full_name]\", \"phone\": \"[user_phone]\" "
            + "} }, \"chat_id\": \"[case_id]\" }";

    @AfterAll
    static void stopPeers() {
        PEERS.close();
    }

    @Test
    void aNewCaseGoesToTheBotWhichAnswersThroughTheDeskApi() {
        String botHook = PEERS.newPath();
        String channelHook = PEERS.newPath();
        Desk desk = new Desk(admin());
        JsonNode channel = desk.channel(PEERS.url(channelHook), "json");
        String code = channel.get("channel_api_key").asText();
        JsonNode bot = admin().post("/api/staff.json", Map.of("staff", Map.of("staff_email",
                "bot-" + System.nanoTime() + "@platform.example", "staff_full_name", "Platform bot", "bot", true)))
                .json().get("staff");
        List<Long> rules = List.of(rule("new_case", bot, botHook, code), rule("changed_case", bot, botHook, code));
        try {
            JsonNode created = admin().post("/api/cases.json", Map.of("case", Map.of("user_custom_id", "visitor-7",
                    "channel", code, "user_full_name", "Anna \"Nana\" K.", "user_email", "anna@example.com",
                    "content", "Where is my order?\nIt was \"express\"."))).json().get("case");
            long caseId = created.get("case_id").asLong();

            // the rule ran in the same transaction as the new case
            assertThat(created.get("staff_id").asLong()).isEqualTo(bot.get("staff_id").asLong());
            assertThat(created.get("status").asText()).isEqualTo("waiting");
            assertThat(created.get("chat_state").asText()).isEqualTo("ended");
            long onBot = labelId("on bot");
            assertThat(created.get("labels")).extracting(JsonNode::asLong).containsExactly(onBot);

            JsonNode event = await().atMost(PATIENCE).until(() -> PEERS.delivered(botHook), hits -> hits.size() == 1)
                    .stream().map(Webhooks::json).findFirst().orElseThrow();
            assertThat(event.get("event").asText()).isEqualTo("new_message");
            assertThat(event.get("message").get("kind").asText()).isEqualTo("text");
            assertThat(event.get("message").get("text").asText()).isEqualTo("Where is my order?\nIt was \"express\".");
            assertThat(event.get("visitor").get("id").asText()).isEqualTo(created.get("user_id").asText());
            assertThat(event.get("visitor").get("fields").get("email").asText()).isEqualTo("anna@example.com");
            assertThat(event.get("visitor").get("fields").get("login").asText()).isEqualTo(created.get("user_id").asText());
            assertThat(event.get("visitor").get("fields").get("name").asText()).isEqualTo("Anna \"Nana\" K.");
            assertThat(event.get("visitor").get("fields").get("phone").asText()).isEmpty();
            assertThat(event.get("chat_id").asText()).isEqualTo(Long.toString(caseId));

            // the bot answers as itself (seed 001: channel_webhook_token = email:api_key)
            DeskClient asBot = admin().as(bot.get("staff_email").asText(), bot.get("api_key").asText());
            assertThat(asBot.post("/api/cases/" + caseId + "/messages.json",
                    Map.of("message", Map.of("content", "It ships today."))).status()).isEqualTo(201);
            JsonNode reply = await().atMost(PATIENCE).until(() -> PEERS.delivered(channelHook), hits -> hits.size() == 1)
                    .stream().map(Webhooks::json).findFirst().orElseThrow().get("object");
            assertThat(reply.get("content").asText()).isEqualTo("It ships today.");
            assertThat(reply.get("staff_id").asLong()).isEqualTo(bot.get("staff_id").asLong());
            assertThat(reply.get("custom_user_id").asText()).isEqualTo("visitor-7");

            // the customer writes again: the case is open again, the "changed case" rule sends it to the bot
            assertThat(admin().post("/api/cases/" + caseId + "/messages.json", Map.of("message",
                    Map.of("content", "Thanks!", "user_id", created.get("user_id").asLong()))).status()).isEqualTo(201);
            await().atMost(PATIENCE).until(() -> PEERS.delivered(botHook).size() == 2);
            assertThat(Webhooks.json(PEERS.delivered(botHook).get(1)).get("message").get("text").asText())
                    .isEqualTo("Thanks!");
            // the bot's own answer (status waiting) does not: exactly one webhook per customer message
            assertThat(admin().get("/api/cases/" + caseId + ".json").json().get("case").get("status").asText())
                    .isEqualTo("waiting");
            assertThat(PEERS.hits(botHook)).hasSize(2);
            JsonNode firings = admin().get("/api/cases/" + caseId + "/rule_firings.json").json();
            assertThat(firings.get("total_count").asInt()).isEqualTo(2);
            assertThat(firings.get("0").get("firing").get("actions").toString())
                    .contains("assigned to staff").contains("HTTP POST").contains("chat ended")
                    .contains("labels added").contains("remaining rules ignored");
        } finally {
            rules.forEach(id -> admin().raw("DELETE", "/api/rules/" + id + ".json", null, null));
        }
    }

    /** Seed 001's rule: status open -> assign the bot, webhook, end chat + waiting, label "on bot", stop. */
    private long rule(String trigger, JsonNode bot, String botHook, String channelCode) {
        DeskClient.Answer answer = admin().post("/api/rules.json", Map.of("rule", Map.of(
                "title", "Bot platform (" + trigger + ")", "trigger", trigger, "position", 0,
                "conditions_all", List.of(
                        Map.of("field", "status", "operator", "is", "value", "open"),
                        // this test's channel only: the application is shared with other tests
                        Map.of("field", "channel", "operator", "is", "value", channelCode)),
                "actions", List.of(
                        Map.of("type", "assign", "staff_email", bot.get("staff_email").asText()),
                        Map.of("type", "http_request", "method", "POST", "url", PEERS.url(botHook),
                                "content_type", "application/json", "body", SEED_BODY),
                        Map.of("type", "end_chat", "status", "waiting"),
                        Map.of("type", "add_labels", "labels", List.of("on bot")),
                        Map.of("type", "stop")))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("rule").get("rule_id").asLong();
    }

    private long labelId(String title) {
        JsonNode labels = admin().get("/api/labels.json").json();
        for (JsonNode item : labels) {
            if (item.has("label") && item.get("label").get("label_title").asText().equals(title)) {
                return item.get("label").get("label_id").asLong();
            }
        }
        throw new AssertionError("no label " + title);
    }
}
