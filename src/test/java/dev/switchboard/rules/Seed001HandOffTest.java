package dev.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Webhooks;

/**
 * Seed 001's hand-off, as the README sets it up: the bot removes the label "on bot", the hand-off
 * rule unassigns the bot, assigns an available person of the group (or nobody) and pins the chat,
 * so it runs in that person's active chats. From then on the bot receives nothing for the case,
 * also not when the customer writes again; the customer's channel hears the bot and then the person.
 */
class Seed001HandOffTest extends SwitchboardTest {

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

    private List<JsonNode> botGot(int count) {
        return await().atMost(PATIENCE).until(() -> PLATFORM.received(seed.botHook), got -> got.size() == count);
    }

    private List<JsonNode> channelGot(int count) {
        return await().atMost(PATIENCE).until(() -> RuleFixtures.CHANNEL_HOOKS.delivered(seed.channel.hookPath()),
                hits -> hits.size() == count).stream().map(h -> Webhooks.json(h).get("object")).toList();
    }

    private List<JsonNode> sessions(long caseId) {
        DeskClient.Answer answer = admin().get("/api/cases/" + caseId + "/chats.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return RuleFixtures.list(answer.json(), "chat");
    }

    /** The bot takes a new case, answers, hears the customer ask for a person, and hands off. */
    private JsonNode handedOff() {
        String email = "boris-" + System.nanoTime() + "@example.com";
        JsonNode created = seed.customerOpens("visitor-" + System.nanoTime(), "Boris", email, "My parcel is lost");
        long caseId = created.get("case_id").asLong();
        assertThat(botGot(1).get(0)).isEqualTo(
                Seed001Setup.expectedWebhook(created, "My parcel is lost", email, "Boris", ""));
        assertThat(seed.bot.answer(caseId, "I am the bot. Let me look.").status()).isEqualTo(201);
        seed.fx.customerWrites(created, "A person, please");
        assertThat(botGot(2).get(1).get("message").get("text").asText()).isEqualTo("A person, please");
        assertThat(seed.bot.answer(caseId, "Passing you to a colleague.").status()).isEqualTo(201);

        DeskClient.Answer handOff = seed.bot.handOff(caseId, seed.onBot);
        assertThat(handOff.status()).as(handOff.body()).isEqualTo(200);
        return created;
    }

    @Test
    void theBotHandsOffToAnAvailablePersonWhoGetsTheChatAndTheCustomerHearsBothInOrder() {
        JsonNode created = handedOff();
        long caseId = created.get("case_id").asLong();

        JsonNode deskCase = seed.caseOf(caseId);
        assertThat(deskCase.get("staff_id").asLong()).isEqualTo(seed.person.id());
        assertThat(RuleFixtures.ids(deskCase.get("labels"))).doesNotContain(seed.onBot);
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("active");
        assertThat(seed.runningChatsOf(seed.person.id())).containsExactly(caseId);
        assertThat(seed.runningChatsOf(seed.botId)).isEmpty();
        List<JsonNode> firings = seed.fx.firings(caseId);
        JsonNode handOffFiring = firings.get(firings.size() - 1);
        assertThat(handOffFiring.get("rule_id").asLong()).isEqualTo(seed.ruleIds.get(1));
        assertThat(handOffFiring.get("actions").toString()).contains("unassigned")
                .contains("assigned to staff " + seed.person.id()).contains("chat started")
                .contains("remaining rules ignored");

        // the person answers from the active chat, as themselves
        DeskClient.Answer answer = seed.person.api().post("/api/cases/" + caseId + "/messages.json",
                Map.of("message", Map.of("content", "Hello Boris, Anna here. I found it.")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        List<JsonNode> heard = channelGot(3);
        assertThat(heard).extracting(m -> m.get("content").asText()).containsExactly("I am the bot. Let me look.",
                "Passing you to a colleague.", "Hello Boris, Anna here. I found it.");
        assertThat(heard).extracting(m -> m.get("staff_id").asLong())
                .containsExactly(seed.botId, seed.botId, seed.person.id());

        // the customer writes again: the case is open, but the person's — the bot hears nothing
        int firingsBefore = seed.fx.firings(caseId).size();
        seed.fx.customerWrites(created, "Thank you, Anna!");
        JsonNode pinned = await().atMost(PATIENCE).until(() -> sessions(caseId).get(2),
                chat -> chat.get("customer_messages").asLong() == 1);
        assertThat(pinned.get("active").asBoolean()).isTrue();
        assertThat(pinned.get("staff_messages").asLong()).isEqualTo(1);
        JsonNode after = seed.caseOf(caseId);
        assertThat(after.get("status").asText()).isEqualTo("open");
        assertThat(after.get("staff_id").asLong()).isEqualTo(seed.person.id());
        assertThat(seed.fx.firings(caseId)).as("no rule fired on the customer's message").hasSize(firingsBefore);
        assertThat(PLATFORM.hits(seed.botHook)).hasSize(2);
        assertThat(seed.runningChatsOf(seed.person.id())).containsExactly(caseId);
    }

    @Test
    void withNobodyAvailableTheCaseGoesToNobodyAndStillNeverBackToTheBot() {
        DeskClient.Answer offline = seed.person.api().put("/api/staff/" + seed.person.id() + ".json",
                Map.of("staff", Map.of("status", "offline")));
        assertThat(offline.status()).as(offline.body()).isEqualTo(200);
        JsonNode created = handedOff();
        long caseId = created.get("case_id").asLong();

        JsonNode deskCase = seed.caseOf(caseId);
        assertThat(deskCase.get("staff_id").asLong()).isZero();
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("active");
        assertThat(seed.runningChatsOf(0)).containsExactly(caseId);
        List<JsonNode> firings = seed.fx.firings(caseId);
        assertThat(firings.get(firings.size() - 1).get("actions").toString()).contains("nobody available")
                .contains("pinned to nobody assigned");

        int firingsBefore = firings.size();
        seed.fx.customerWrites(created, "Hello? Anyone?");
        await().atMost(PATIENCE).until(() -> sessions(caseId).get(2).get("customer_messages").asLong() == 1);
        assertThat(seed.caseOf(caseId).get("staff_id").asLong()).isZero();
        assertThat(seed.fx.firings(caseId)).hasSize(firingsBefore);
        assertThat(PLATFORM.hits(seed.botHook)).hasSize(2);

        // the first person to answer takes the case, as in Omnidesk
        DeskClient.Answer answer = seed.person.api().post("/api/cases/" + caseId + "/messages.json",
                Map.of("message", Map.of("content", "Sorry for the wait!")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(seed.runningChatsOf(seed.person.id())).containsExactly(caseId);
        assertThat(channelGot(3).get(2).get("content").asText()).isEqualTo("Sorry for the wait!");
        assertThat(PLATFORM.hits(seed.botHook)).hasSize(2);
    }
}
