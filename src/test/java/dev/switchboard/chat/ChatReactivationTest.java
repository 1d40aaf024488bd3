package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Only the customer starts a chat: writing again to a case whose chat ended starts a new session
 * on the same case. Staff replies, notes and rule messages never start (or reopen) anything.
 */
class ChatReactivationTest extends FastIdleTest {

    @Test
    void customerWritingAfterTheChatEndedStartsANewChatOnTheSameCase() {
        String channel = syncChannel(NEVER_IDLE, "");
        JsonNode created = customerCase(channel, "first question");
        long caseId = created.get("case_id").asLong();
        staffReplies(caseId, "first answer");
        assertThat(endChat(caseId, obj("chat", obj("status", "waiting"))).status()).isEqualTo(200);
        assertThat(getCase(caseId).get("chat_state").asText()).isEqualTo("ended");

        customerWrites(created, "one more question");

        List<JsonNode> sessions = sessions(caseId);
        assertThat(sessions).hasSize(2);
        JsonNode first = sessions.get(0);
        JsonNode second = sessions.get(1);
        assertThat(first.get("active").asBoolean()).isFalse();
        assertThat(first.get("ended_by").asText()).isEqualTo("staff");
        assertThat(first.get("customer_messages").asLong()).isEqualTo(1);
        assertThat(first.get("staff_messages").asLong()).isEqualTo(1);
        assertThat(second.get("active").asBoolean()).isTrue();
        assertThat(second.get("chat_id").asLong()).isNotEqualTo(first.get("chat_id").asLong());
        assertThat(second.get("case_id").asLong()).isEqualTo(caseId);
        assertThat(second.get("customer_messages").asLong()).isEqualTo(1);
        assertThat(second.get("staff_messages").asLong()).isZero();
        assertThat(second.get("first_response_seconds").asText()).isEqualTo("-");
        assertThat(second.get("ended_at").asText()).isEqualTo("-");

        JsonNode deskCase = getCase(caseId);
        assertThat(deskCase.get("status").asText()).isEqualTo("open");
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("active");
        assertThat(deskCase.get("chat").get("chat_id").asLong()).isEqualTo(second.get("chat_id").asLong());
        assertThat(caseIds(runningChats(channel))).containsExactly(caseId);
        assertThat(runningChats(channel).get(0).get("last_message").asText()).isEqualTo("one more question");
        // still one case for the customer
        assertThat(caseIds(list("/api/cases.json?show_active_chats=1&channel=" + channel, "case")))
                .containsExactly(caseId);

        assertThat(endChat(caseId, null).status()).isEqualTo(200);
        assertThat(sessions(caseId)).hasSize(2).allSatisfy(s -> assertThat(s.get("active").asBoolean()).isFalse());
    }

    @Test
    void customerMessageToAClosedCaseAddressedByPathInTheDeskApiReopensItAndStartsAChat() {
        String channel = syncChannel(NEVER_IDLE, "");
        JsonNode created = customerCase(channel, "question");
        long caseId = created.get("case_id").asLong();
        staffReplies(caseId, "answer");
        JsonNode closed = endChat(caseId, obj("chat", obj("status", "closed"))).json().get("case");
        assertThat(closed.get("status").asText()).isEqualTo("closed");

        customerWrites(created, "it broke again");

        JsonNode deskCase = getCase(caseId);
        assertThat(deskCase.get("status").asText()).isEqualTo("open");
        assertThat(deskCase.get("closed_at").asText()).isEqualTo("-");
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("active");
        List<JsonNode> sessions = sessions(caseId);
        assertThat(sessions).hasSize(2);
        assertThat(sessions.get(0).get("active").asBoolean()).isFalse();
        assertThat(sessions.get(1).get("active").asBoolean()).isTrue();
        assertThat(caseIds(runningChats(channel))).containsExactly(caseId);

        assertThat(endChat(caseId, null).status()).isEqualTo(200);
    }

    @Test
    void staffReplyCountsInARunningChatButNeverStartsOne() {
        String channel = syncChannel(NEVER_IDLE, "");
        long caseId = customerCase(channel, "hello").get("case_id").asLong();

        staffReplies(caseId, "hi there");

        JsonNode running = onlySession(caseId);
        assertThat(running.get("active").asBoolean()).isTrue();
        assertThat(running.get("staff_messages").asLong()).isEqualTo(1);
        assertThat(running.get("first_response_seconds").isIntegralNumber()).as(running.toString()).isTrue();
        assertThat(running.get("first_response_seconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(endChat(caseId, null).status()).isEqualTo(200);
        JsonNode ended = onlySession(caseId);

        staffReplies(caseId, "are you still there?");
        staffReplies(caseId, "we will close this soon");

        JsonNode after = onlySession(caseId);
        assertThat(after.get("active").asBoolean()).isFalse();
        assertThat(after.get("staff_messages").asLong()).isEqualTo(1);
        assertThat(after.get("first_response_seconds").asLong())
                .isEqualTo(ended.get("first_response_seconds").asLong());
        assertThat(getCase(caseId).get("chat_state").asText()).isEqualTo("ended");
        assertThat(runningChats(channel)).isEmpty();
    }

    @Test
    void notesNeverStartAChatNorCountInOne() {
        String channel = syncChannel(NEVER_IDLE, "");
        long caseId = customerCase(channel, "hello").get("case_id").asLong();

        note(caseId, "note during the chat");

        JsonNode running = onlySession(caseId);
        assertThat(running.get("staff_messages").asLong()).isZero();
        assertThat(running.get("customer_messages").asLong()).isEqualTo(1);
        assertThat(running.get("first_response_seconds").asText()).isEqualTo("-");
        assertThat(endChat(caseId, null).status()).isEqualTo(200);

        note(caseId, "note after the chat");

        assertThat(onlySession(caseId).get("active").asBoolean()).isFalse();
        assertThat(getCase(caseId).get("chat_state").asText()).isEqualTo("ended");
        assertThat(runningChats(channel)).isEmpty();
    }

    @Test
    void ruleMessagesNeverStartAChatNorReopenAClosedCase() {
        String channel = syncChannel(NEVER_IDLE, "");
        long ruleId = changedCaseRule("message on note " + channel,
                List.of(condition("channel", "is", channel), condition("change", "is", "note")),
                List.of(obj("type", "send_message", "content", "An automatic message for case [case_id]")));
        try {
            long endedCase = customerCase(channel, "one").get("case_id").asLong();
            assertThat(endChat(endedCase, null).status()).isEqualTo(200);
            long closedCase = customerCase(channel, "two").get("case_id").asLong();
            assertThat(endChat(closedCase, obj("chat", obj("status", "closed"))).status()).isEqualTo(200);

            for (long caseId : List.of(endedCase, closedCase)) {
                note(caseId, "trigger the rule");

                List<JsonNode> messages = list("/api/cases/" + caseId + "/messages.json", "message");
                assertThat(messages).as("case %s", caseId)
                        .anySatisfy(m -> {
                            assertThat(m.get("sent_via_rule").asBoolean()).isTrue();
                            assertThat(m.get("note").asBoolean()).isFalse();
                            assertThat(m.get("content").asText()).isEqualTo("An automatic message for case " + caseId);
                        });
                JsonNode session = onlySession(caseId);
                assertThat(session.get("active").asBoolean()).as("case %s", caseId).isFalse();
                assertThat(session.get("staff_messages").asLong()).as("case %s", caseId).isZero();
                assertThat(getCase(caseId).get("chat_state").asText()).as("case %s", caseId).isEqualTo("ended");
            }
            assertThat(getCase(endedCase).get("status").asText()).isEqualTo("open");
            assertThat(getCase(closedCase).get("status").asText()).isEqualTo("closed");
            assertThat(getCase(closedCase).get("closed_at").asText()).matches(DATE);
            assertThat(runningChats(channel)).isEmpty();
        } finally {
            deleteRule(ruleId);
        }
    }
}
