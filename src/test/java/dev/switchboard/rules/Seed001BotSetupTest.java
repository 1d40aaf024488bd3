package dev.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.WebhookReceiver.Hit;
import dev.switchboard.support.Webhooks;

/**
 * Seed 001's set-up as the README writes it ({@link Seed001Setup}): a new case and every later
 * customer message while the bot has the case reach the bot's webhook as the seed's JSON; the bot
 * answers through the desk API as itself, and the answers reach the customer's channel.
 */
class Seed001BotSetupTest extends SwitchboardTest {

    private static final BotPlatform PLATFORM = new BotPlatform();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private Seed001Setup seed;

    @BeforeEach
    void setUp() {
        seed = new Seed001Setup(admin(), PLATFORM);
    }

    @AfterEach
    void cleanup() {
        seed.cleanup();
    }

    @AfterAll
    static void stopPlatform() {
        PLATFORM.close();
    }

    private List<JsonNode> channelGot(int count) {
        return await().atMost(PATIENCE).until(() -> RuleFixtures.CHANNEL_HOOKS.delivered(seed.channel.hookPath()),
                hits -> hits.size() >= count).stream().map(h -> Webhooks.json(h).get("object")).toList();
    }

    @Test
    void aNewCaseGoesToTheBotAsTheSeedsJsonAndTheBotAnswersThroughTheDeskApi() {
        String text = "Where is my order?\nIt was \"express\" — {\"quoted\": [1]} \\ done.";
        String email = "anna-" + System.nanoTime() + "@example.com";
        JsonNode created = seed.customerOpens("visitor-7", "Anna \"Nana\" K.", email, text);
        long caseId = created.get("case_id").asLong();

        // the rule ran in the same transaction as the new case
        assertThat(created.get("staff_id").asLong()).isEqualTo(seed.botId);
        assertThat(created.get("status").asText()).isEqualTo("waiting");
        assertThat(created.get("chat_state").asText()).isEqualTo("ended");
        assertThat(RuleFixtures.ids(created.get("labels"))).containsExactly(seed.onBot);

        Hit hit = await().atMost(PATIENCE).until(() -> PLATFORM.hits(seed.botHook), hits -> hits.size() == 1).get(0);
        assertThat(hit.header("Content-Type")).startsWith("application/json");
        assertThat(Webhooks.json(hit)).isEqualTo(
                Seed001Setup.expectedWebhook(created, text, email, "Anna \"Nana\" K.", ""));

        // the bot answers as itself (seed 001: channel_webhook_token = email:api_key)
        assertThat(seed.bot.answer(caseId, "It ships today.").status()).isEqualTo(201);
        JsonNode reply = channelGot(1).get(0);
        assertThat(reply.get("content").asText()).isEqualTo("It ships today.");
        assertThat(reply.get("staff_id").asLong()).isEqualTo(seed.botId);
        assertThat(reply.get("custom_user_id").asText()).isEqualTo("visitor-7");
        assertThat(reply.get("sent_via_rule").asInt()).isZero();

        // the customer writes again: open again, still the bot's, so the "changed case" rule sends it on
        seed.fx.customerWrites(created, "Thanks!");
        await().atMost(PATIENCE).until(() -> PLATFORM.hits(seed.botHook).size() == 2);
        assertThat(PLATFORM.received(seed.botHook).get(1)).isEqualTo(
                Seed001Setup.expectedWebhook(created, "Thanks!", email, "Anna \"Nana\" K.", ""));
        JsonNode again = seed.caseOf(caseId);
        assertThat(again.get("status").asText()).isEqualTo("waiting");
        assertThat(again.get("staff_id").asLong()).isEqualTo(seed.botId);
        assertThat(again.get("chat_state").asText()).isEqualTo("ended");

        // the bot's answer leaves the case waiting: no rule fires, nothing goes to the bot
        assertThat(seed.bot.answer(caseId, "You are welcome.").status()).isEqualTo(201);
        assertThat(channelGot(2).get(1).get("content").asText()).isEqualTo("You are welcome.");
        List<JsonNode> firings = seed.fx.firings(caseId);
        assertThat(firings).extracting(f -> f.get("rule_id").asLong())
                .containsExactly(seed.ruleIds.get(0), seed.ruleIds.get(2));
        assertThat(firings.get(0).get("actions").toString()).contains("assigned to staff " + seed.botId)
                .contains("HTTP POST").contains("chat ended").contains("labels added")
                .contains("remaining rules ignored");
        assertThat(PLATFORM.hits(seed.botHook)).hasSize(2);
    }

    @Test
    void aCaseThatIsNotOpenIsNotSentToTheBot() {
        // seed 001: "so that the webhook does not run when a staff member creates the case"
        JsonNode created = seed.fx.newCase(seed.channel, "Logged by phone", "status", "waiting");

        assertThat(created.get("staff_id").asLong()).isZero();
        assertThat(RuleFixtures.ids(created.get("labels"))).isEmpty();
        assertThat(seed.fx.firings(created.get("case_id").asLong())).isEmpty();
        assertThat(PLATFORM.hits(seed.botHook)).isEmpty();
    }

    @Test
    void theBotsKeyOpensTheDeskApiAndAWrongOneDoesNot() {
        assertThat(seed.bot.api().get("/api/cases/" + seed.customerOpens("visitor-k", "K", "k-" + System.nanoTime() + "@example.com", "Hi")
                .get("case_id").asLong() + ".json").status()).isEqualTo(200);
        assertThat(seed.bot.api().as(seed.bot.email(), "wrong-key").get("/api/staff.json").status()).isEqualTo(401);
        assertThat(seed.bot.api().get("/api/staff/" + seed.botId + ".json").json().get("staff").get("bot")
                .asBoolean()).isTrue();
    }
}
