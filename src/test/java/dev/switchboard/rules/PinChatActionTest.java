package dev.switchboard.rules;

import static dev.switchboard.rules.RuleFixtures.act;
import static dev.switchboard.rules.RuleFixtures.cond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.rules.RuleFixtures.TestChannel;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;

/**
 * The {@code pin_chat} action (seed 001's "pin the chat to the assignee"): the case's live chat runs
 * for whoever the rule leaves assigned — started again when it had ended, so the case shows among
 * that person's running chats; nothing on async channels, closed cases or a chat that runs.
 */
class PinChatActionTest extends SwitchboardTest {

    /** The shared application scans idle chats every 15 s. */
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    JdbcClient jdbc;

    private RuleFixtures fx;

    private RuleFixtures fx() {
        if (fx == null) {
            fx = new RuleFixtures(admin());
        }
        return fx;
    }

    @AfterEach
    void deleteRules() {
        if (fx != null) {
            fx.cleanup();
        }
    }

    private static long id(JsonNode deskCase) {
        return deskCase.get("case_id").asLong();
    }

    private List<JsonNode> sessions(long caseId) {
        DeskClient.Answer answer = admin().get("/api/cases/" + caseId + "/chats.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return RuleFixtures.list(answer.json(), "chat");
    }

    private List<Long> runningCasesOf(String staffId, TestChannel channel) {
        DeskClient.Answer answer = admin().get("/api/chats.json?staff_id=" + staffId + "&channel=" + channel.code());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return RuleFixtures.list(answer.json(), "chat").stream().map(c -> c.get("case_id").asLong()).toList();
    }

    /** A sync channel whose new cases get their chat ended by a rule, as seed 001's bot rule does. */
    private TestChannel channelEndingNewChats(int idleTimeoutSeconds) {
        TestChannel ch = fx().channel("sync", idleTimeoutSeconds);
        fx().rule("new_case", ch, List.of(), List.of(act("end_chat", "status", "waiting")));
        return ch;
    }

    @Test
    void pinChatStartsTheEndedChatAgainForTheAssigneeWhoSeesItInTheirRunningChats() {
        TestChannel ch = channelEndingNewChats(0);
        JsonNode person = fx().staff();
        long personId = person.get("staff_id").asLong();
        long handOff = fx().rule("changed_case", ch, List.of(cond("change", "is", "note")),
                List.of(act("assign", "staff_id", personId), act("pin_chat")));
        JsonNode created = fx().newCase(ch, "Hello");
        assertThat(created.get("chat_state").asText()).isEqualTo("ended");
        assertThat(runningCasesOf(Long.toString(personId), ch)).isEmpty();

        fx().note(id(created), "over to a person");

        JsonNode deskCase = fx().caseOf(id(created));
        assertThat(deskCase.get("staff_id").asLong()).isEqualTo(personId);
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("active");
        assertThat(deskCase.get("status").asText()).as("pinning a chat leaves the status").isEqualTo("waiting");
        assertThat(runningCasesOf(Long.toString(personId), ch)).containsExactly(id(created));
        List<JsonNode> sessions = sessions(id(created));
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).get("ended_by").asText()).isEqualTo("rule");
        JsonNode pinned = sessions.get(1);
        assertThat(pinned.get("active").asBoolean()).isTrue();
        assertThat(pinned.get("customer_messages").asLong()).as("nobody wrote in it yet").isZero();
        assertThat(pinned.get("staff_messages").asLong()).isZero();
        assertThat(pinned.get("first_response_seconds").asText()).isEqualTo("-");
        List<JsonNode> firings = fx().firings(id(created));
        assertThat(firings.get(firings.size() - 1).get("rule_id").asLong()).isEqualTo(handOff);
        assertThat(firings.get(firings.size() - 1).get("actions").toString())
                .contains("chat started, pinned to staff " + personId);

        // the pinned chat is the conversation from now on: both sides count in it, none starts another
        DeskClient asPerson = admin().as(person.get("staff_email").asText(), person.get("api_key").asText());
        assertThat(asPerson.post("/api/cases/" + id(created) + "/messages.json",
                RuleFixtures.map("message", RuleFixtures.map("content", "Hi, I am Anna"))).status()).isEqualTo(201);
        fx().customerWrites(created, "Hi Anna");
        sessions = sessions(id(created));
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(1).get("staff_messages").asLong()).isEqualTo(1);
        assertThat(sessions.get(1).get("customer_messages").asLong()).isEqualTo(1);
        assertThat(sessions.get(1).get("first_response_seconds").isIntegralNumber()).isTrue();
    }

    @Test
    void withNobodyAssignedThePinnedChatRunsAmongTheUnassignedOnes() {
        TestChannel ch = channelEndingNewChats(0);
        fx().rule("changed_case", ch, List.of(cond("change", "is", "note")),
                List.of(act("assign_nobody"), act("pin_chat")));
        JsonNode created = fx().newCase(ch, "Hello", "staff_id", fx().staff().get("staff_id").asLong());

        fx().note(id(created), "back to the queue");

        assertThat(fx().caseOf(id(created)).get("staff_id").asLong()).isZero();
        assertThat(runningCasesOf("0", ch)).containsExactly(id(created));
        assertThat(fx().firings(id(created)).get(1).get("actions").toString()).contains("pinned to nobody assigned");
    }

    @Test
    void pinChatLeavesARunningChatAsItIs() {
        TestChannel ch = fx().channel("sync");
        long personId = fx().staff().get("staff_id").asLong();
        fx().rule("new_case", ch, List.of(), List.of(act("assign", "staff_id", personId), act("pin_chat")));

        JsonNode created = fx().newCase(ch, "Hello");

        assertThat(created.get("chat_state").asText()).isEqualTo("active");
        List<JsonNode> sessions = sessions(id(created));
        assertThat(sessions).hasSize(1);
        assertThat(sessions.get(0).get("customer_messages").asLong()).isEqualTo(1);
        assertThat(runningCasesOf(Long.toString(personId), ch)).containsExactly(id(created));
        assertThat(fx().firings(id(created)).get(0).get("actions").toString()).contains("chat already running");
    }

    @Test
    void pinChatDoesNothingOnAsyncChannelsAndClosedCases() {
        TestChannel async = fx().channel("async");
        fx().rule("new_case", async, List.of(), List.of(act("pin_chat")));
        JsonNode email = fx().newCase(async, "Hello");
        assertThat(email.get("chat_state").asText()).isEqualTo("none");
        assertThat(sessions(id(email))).isEmpty();
        assertThat(fx().firings(id(email)).get(0).get("actions").toString()).contains("async channel");

        TestChannel sync = channelEndingNewChats(0);
        fx().rule("changed_case", sync, List.of(cond("change", "is", "note")),
                List.of(act("set_status", "status", "closed"), act("pin_chat")));
        JsonNode chat = fx().newCase(sync, "Hello");
        fx().note(id(chat), "close it");
        JsonNode closed = fx().caseOf(id(chat));
        assertThat(closed.get("status").asText()).isEqualTo("closed");
        assertThat(closed.get("chat_state").asText()).isEqualTo("ended");
        assertThat(sessions(id(chat))).hasSize(1);
        assertThat(fx().firings(id(chat)).get(1).get("actions").toString()).contains("the case is closed");
    }

    @Test
    void aPinnedChatEndsOnSilenceCountedFromItsStart() {
        TestChannel ch = channelEndingNewChats(1);
        long personId = fx().staff().get("staff_id").asLong();
        fx().rule("changed_case", ch, List.of(cond("change", "is", "note")),
                List.of(act("assign", "staff_id", personId), act("pin_chat")));
        JsonNode created = fx().newCase(ch, "Hello");

        fx().note(id(created), "over to a person");

        long chatId = sessions(id(created)).get(1).get("chat_id").asLong();
        OffsetDateTime[] times = jdbc.sql("SELECT started_at, idle_at FROM chat WHERE id = ?").param(chatId)
                .query((rs, n) -> new OffsetDateTime[] {rs.getObject(1, OffsetDateTime.class),
                        rs.getObject(2, OffsetDateTime.class)}).single();
        assertThat(times[1]).isEqualTo(times[0].plusSeconds(1));
        JsonNode ended = await().atMost(PATIENCE).until(() -> sessions(id(created)).get(1),
                s -> !s.get("active").asBoolean());
        assertThat(ended.get("ended_by").asText()).isEqualTo("idle");
        assertThat(fx().caseOf(id(created)).get("chat_state").asText()).isEqualTo("ended");
        assertThat(runningCasesOf(Long.toString(personId), ch)).isEmpty();
    }

    @Test
    void pinChatIsAnActionTheRulesApiAccepts() {
        DeskClient.Answer answer = admin().get("/api/rules/"
                + fx().rule("changed_case", List.of(cond("status", "is", "open"),
                        cond("channel", "is", "cch-none")), List.of(act("pin_chat"))) + ".json");
        assertThat(answer.json().get("rule").get("actions").toString()).isEqualTo("[{\"type\":\"pin_chat\"}]");
    }
}
