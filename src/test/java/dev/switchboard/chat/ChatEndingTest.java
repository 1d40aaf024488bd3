package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.switchboard.support.DeskClient.Answer;

/**
 * Each way a live chat ends other than silence — a staff member, a rule, the channel — and the
 * statistics it leaves on the case. Ending a chat is not closing the case.
 */
class ChatEndingTest extends FastIdleTest {

    @Autowired
    Chats chats;

    @Test
    void staffEndsChatWithoutBodyAndTheStatusStays() {
        String channel = syncChannel(NEVER_IDLE, "");
        JsonNode created = customerCase(channel, "Hi");
        long caseId = created.get("case_id").asLong();
        customerWrites(created, "Is anybody there?");
        StaffMember member = staff(false);

        Answer answer = member.api().raw("POST", "/api/cases/" + caseId + "/end_chat.json", null, null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode deskCase = answer.json().get("case");
        assertThat(deskCase.get("case_id").asLong()).isEqualTo(caseId);
        assertThat(deskCase.get("status").asText()).isEqualTo("open");
        assertThat(deskCase.get("closed_at").asText()).isEqualTo("-");
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("ended");
        JsonNode chat = answer.json().get("chat");
        assertThat(chat.get("case_id").asLong()).isEqualTo(caseId);
        assertThat(chat.get("active").asBoolean()).isFalse();
        assertThat(chat.get("started_at").asText()).matches(DATE);
        assertThat(chat.get("ended_at").asText()).matches(DATE);
        assertThat(chat.get("ended_by").asText()).isEqualTo("staff");
        assertThat(chat.get("ended_by_staff_id").asLong()).isEqualTo(member.id());
        assertThat(chat.get("ended_by_rule_id").asLong()).isZero();
        assertThat(chat.get("end_reason").asText()).isNotBlank();
        assertThat(chat.get("first_response_seconds").asText()).isEqualTo("-");
        assertThat(chat.get("customer_messages").asLong()).isEqualTo(2);
        assertThat(chat.get("staff_messages").asLong()).isZero();

        // the same statistics are kept on the case and in its sessions
        JsonNode stored = getCase(caseId);
        assertThat(stored.get("status").asText()).isEqualTo("open");
        assertThat(stored.get("chat_state").asText()).isEqualTo("ended");
        assertThat(stored.get("chat").get("ended_by").asText()).isEqualTo("staff");
        assertThat(stored.get("chat").get("ended_by_staff_id").asLong()).isEqualTo(member.id());
        assertThat(stored.get("chat").get("chat_id").asLong()).isEqualTo(chat.get("chat_id").asLong());
        JsonNode session = onlySession(caseId);
        assertThat(session.get("ended_by").asText()).isEqualTo("staff");
        assertThat(session.get("ended_at").asText()).isEqualTo(chat.get("ended_at").asText());
        assertThat(session.get("customer_messages").asLong()).isEqualTo(2);
        assertThat(runningChats(channel)).isEmpty();
        assertThat(caseIds(list("/api/cases.json?channel=" + channel, "case"))).containsExactly(caseId);
    }

    @Test
    void staffEndsChatWithStatusClosedWhichClosesTheCaseAndASecondEndIsRefused() {
        String channel = syncChannel(NEVER_IDLE, "");
        JsonNode created = customerCase(channel, "My order is late");
        long caseId = created.get("case_id").asLong();
        long adminId = staffReplies(caseId, "Let me check").get("staff_id").asLong();
        customerWrites(created, "Thanks");
        staffReplies(caseId, "It ships tomorrow");

        Answer answer = endChat(caseId, obj("chat", obj("status", "closed")));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode deskCase = answer.json().get("case");
        assertThat(deskCase.get("status").asText()).isEqualTo("closed");
        assertThat(deskCase.get("closed_at").asText()).matches(DATE);
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("ended");
        JsonNode chat = answer.json().get("chat");
        assertThat(chat.get("ended_by").asText()).isEqualTo("staff");
        assertThat(chat.get("ended_by_staff_id").asLong()).isEqualTo(adminId);
        assertThat(chat.get("first_response_seconds").isIntegralNumber()).as(chat.toString()).isTrue();
        assertThat(chat.get("first_response_seconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(chat.get("customer_messages").asLong()).isEqualTo(2);
        assertThat(chat.get("staff_messages").asLong()).isEqualTo(2);
        JsonNode stored = getCase(caseId);
        assertThat(stored.get("status").asText()).isEqualTo("closed");
        assertThat(stored.get("closed_at").asText()).matches(DATE);

        Answer again = endChat(caseId, obj("chat", obj("status", "open")));
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().path("error").asText()).isEqualTo("chat_not_active");
        Answer againWithoutBody = endChat(caseId, null);
        assertThat(againWithoutBody.status()).as(againWithoutBody.body()).isEqualTo(409);
        assertThat(againWithoutBody.json().path("error").asText()).isEqualTo("chat_not_active");
        // the refused end changed nothing
        assertThat(getCase(caseId).get("status").asText()).isEqualTo("closed");
        assertThat(onlySession(caseId).get("ended_at").asText()).isEqualTo(chat.get("ended_at").asText());
    }

    @Test
    void endChatWithUnknownStatusIsRefusedAndTheChatRuns() {
        String channel = syncChannel(NEVER_IDLE, "");
        long caseId = customerCase(channel, "Hi").get("case_id").asLong();

        Answer answer = endChat(caseId, obj("chat", obj("status", "finished")));

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(onlySession(caseId).get("active").asBoolean()).isTrue();
        assertThat(getCase(caseId).get("chat_state").asText()).isEqualTo("active");
        assertThat(endChat(caseId, null).status()).isEqualTo(200);
    }

    @Test
    void ruleActionEndChatEndsTheChatAndSetsTheStatus() {
        String channel = syncChannel(NEVER_IDLE, "");
        long ruleId = changedCaseRule("end chat on staff answer " + channel,
                List.of(condition("channel", "is", channel), condition("change", "is", "staff_message")),
                List.of(obj("type", "end_chat", "status", "waiting")));
        try {
            JsonNode created = customerCase(channel, "Question");
            long caseId = created.get("case_id").asLong();
            assertThat(getCase(caseId).get("chat_state").asText()).isEqualTo("active");

            staffReplies(caseId, "Answer");

            JsonNode deskCase = getCase(caseId);
            assertThat(deskCase.get("status").asText()).isEqualTo("waiting");
            assertThat(deskCase.get("closed_at").asText()).isEqualTo("-");
            assertThat(deskCase.get("chat_state").asText()).isEqualTo("ended");
            JsonNode chat = onlySession(caseId);
            assertThat(chat.get("active").asBoolean()).isFalse();
            assertThat(chat.get("ended_at").asText()).matches(DATE);
            assertThat(chat.get("ended_by").asText()).isEqualTo("rule");
            assertThat(chat.get("ended_by_rule_id").asLong()).isEqualTo(ruleId);
            assertThat(chat.get("ended_by_staff_id").asLong()).isZero();
            assertThat(chat.get("end_reason").asText()).contains(Long.toString(ruleId));
            assertThat(chat.get("customer_messages").asLong()).isEqualTo(1);
            assertThat(chat.get("staff_messages").asLong()).isEqualTo(1);
            assertThat(chat.get("first_response_seconds").isIntegralNumber()).as(chat.toString()).isTrue();
            assertThat(deskCase.get("chat").get("ended_by_rule_id").asLong()).isEqualTo(ruleId);
            assertThat(runningChats(channel)).isEmpty();

            List<JsonNode> firings = list("/api/cases/" + caseId + "/rule_firings.json", "firing");
            assertThat(firings).hasSize(1);
            assertThat(firings.get(0).get("rule_id").asLong()).isEqualTo(ruleId);
            assertThat(firings.get(0).get("actions").toString()).contains("chat ended");
        } finally {
            deleteRule(ruleId);
        }
    }

    @Test
    void channelReportingTheEndEndsTheChatAndLeavesTheStatus() {
        String channel = syncChannel(NEVER_IDLE, "");
        JsonNode created = customerCase(channel, "Hi");
        long caseId = created.get("case_id").asLong();
        staffReplies(caseId, "Hello");

        Optional<Chat> ended = chats.end(caseId,
                new Chats.Ending(EndedBy.CHANNEL, null, null, "visitor closed the widget", null));

        assertThat(ended).isPresent();
        assertThat(ended.get().endedBy()).isEqualTo("channel");
        JsonNode deskCase = getCase(caseId);
        assertThat(deskCase.get("status").asText()).isEqualTo("open");
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("ended");
        JsonNode chat = onlySession(caseId);
        assertThat(chat.get("active").asBoolean()).isFalse();
        assertThat(chat.get("ended_by").asText()).isEqualTo("channel");
        assertThat(chat.get("end_reason").asText()).isEqualTo("visitor closed the widget");
        assertThat(chat.get("ended_by_staff_id").asLong()).isZero();
        assertThat(chat.get("ended_by_rule_id").asLong()).isZero();
        assertThat(chat.get("customer_messages").asLong()).isEqualTo(1);
        assertThat(chat.get("staff_messages").asLong()).isEqualTo(1);
        assertThat(runningChats(channel)).isEmpty();

        // a second report finds no running chat
        assertThat(chats.end(caseId, new Chats.Ending(EndedBy.CHANNEL, null, null, "again", null))).isEmpty();
        assertThat(onlySession(caseId).get("end_reason").asText()).isEqualTo("visitor closed the widget");
    }

    @Test
    void endingAChatEmitsChatEndedForRulesOnce() {
        String channel = syncChannel(NEVER_IDLE, "");
        long ruleId = changedCaseRule("on chat end " + channel,
                List.of(condition("channel", "is", channel), condition("change", "is", "chat_ended")),
                List.of(obj("type", "set_priority", "priority", "high")));
        try {
            long byStaff = customerCase(channel, "one").get("case_id").asLong();
            long byChannel = customerCase(channel, "two").get("case_id").asLong();

            assertThat(endChat(byStaff, obj("chat", obj("status", "waiting"))).status()).isEqualTo(200);
            assertThat(chats.end(byChannel, new Chats.Ending(EndedBy.CHANNEL, null, null, "gone", null)))
                    .isPresent();

            for (long caseId : List.of(byStaff, byChannel)) {
                assertThat(getCase(caseId).get("priority").asText()).as("case %s", caseId).isEqualTo("high");
                List<JsonNode> firings = list("/api/cases/" + caseId + "/rule_firings.json", "firing");
                assertThat(firings).as("case %s", caseId).hasSize(1);
                assertThat(firings.get(0).get("rule_id").asLong()).isEqualTo(ruleId);
                assertThat(firings.get(0).get("changes").toString()).contains("chat_ended");
            }
            assertThat(list("/api/cases/" + byStaff + "/rule_firings.json", "firing").get(0).get("changes")
                    .toString()).contains("status_changed");
        } finally {
            deleteRule(ruleId);
        }
    }
}
