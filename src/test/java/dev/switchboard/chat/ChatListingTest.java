package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.DeskClient.Answer;

/**
 * A sync channel's first customer message starts a live chat: the case is "active", the running
 * chats list shows it, and the case list leaves it out unless asked. Async channels have no chats.
 */
class ChatListingTest extends FastIdleTest {

    @Test
    void firstCustomerMessageOnSyncChannelStartsChatListedInRunningChats() {
        String channel = syncChannel(NEVER_IDLE, "");
        JsonNode created = customerCase(channel, "Hello, anyone there?");
        long caseId = created.get("case_id").asLong();

        assertThat(created.get("chat_state").asText()).isEqualTo("active");
        assertThat(getCase(caseId).get("chat_state").asText()).isEqualTo("active");
        JsonNode chat = getCase(caseId).get("chat");
        assertThat(chat.get("active").asBoolean()).isTrue();
        assertThat(chat.get("started_at").asText()).matches(DATE);
        assertThat(chat.get("ended_at").asText()).isEqualTo("-");
        assertThat(chat.get("ended_by").asText()).isEmpty();
        assertThat(chat.get("customer_messages").asLong()).isEqualTo(1);
        assertThat(chat.get("staff_messages").asLong()).isZero();
        assertThat(chat.get("first_response_seconds").asText()).isEqualTo("-");

        List<JsonNode> running = runningChats(channel);
        assertThat(caseIds(running)).containsExactly(caseId);
        JsonNode listed = running.get(0);
        assertThat(listed.get("user_id").asLong()).isEqualTo(created.get("user_id").asLong());
        assertThat(listed.get("user_full_name").asText()).startsWith("Customer chat-user-");
        assertThat(listed.get("channel").asText()).isEqualTo(channel);
        assertThat(listed.get("staff_id").asLong()).isZero();
        assertThat(listed.get("last_message").asText()).isEqualTo("Hello, anyone there?");
        assertThat(listed.get("waiting_seconds").isIntegralNumber()).as(listed.toString()).isTrue();
        assertThat(listed.get("waiting_seconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(listed.get("started_at").asText()).matches(DATE);
        // the unfiltered list has it too
        assertThat(caseIds(list("/api/chats.json", "chat"))).contains(caseId);

        // the customer has been waiting for an answer since the message
        pause(Duration.ofMillis(1100));
        assertThat(runningChats(channel).get(0).get("waiting_seconds").asLong()).isGreaterThanOrEqualTo(1);

        // a note is not part of the conversation; a staff reply is the last word and assigns the case
        note(caseId, "internal: customer looks impatient");
        assertThat(runningChats(channel).get(0).get("last_message").asText()).isEqualTo("Hello, anyone there?");
        long adminId = staffReplies(caseId, "Yes, how can I help?").get("staff_id").asLong();
        JsonNode answered = runningChats(channel).get(0);
        assertThat(answered.get("last_message").asText()).isEqualTo("Yes, how can I help?");
        assertThat(answered.get("staff_id").asLong()).isEqualTo(adminId).isEqualTo(adminId());
        assertThat(answered.get("waiting_seconds").asLong()).isZero();
        assertThat(caseIds(list("/api/chats.json?staff_id=" + adminId + "&channel=" + channel, "chat")))
                .containsExactly(caseId);
        assertThat(list("/api/chats.json?staff_id=0&channel=" + channel, "chat")).isEmpty();
        assertThat(endChat(caseId, null).status()).isEqualTo(200);
        assertThat(runningChats(channel)).isEmpty();
    }

    @Test
    void caseListHidesActiveChatsUnlessShowActiveChatsIsSet() {
        String channel = syncChannel(NEVER_IDLE, "");
        long active = customerCase(channel, "still chatting").get("case_id").asLong();
        long ended = customerCase(channel, "will be ended").get("case_id").asLong();
        Answer end = endChat(ended, null);
        assertThat(end.status()).as(end.body()).isEqualTo(200);
        String byChannel = "/api/cases.json?channel=" + channel;

        assertThat(caseIds(list(byChannel, "case"))).containsExactly(ended);
        assertThat(api().get(byChannel).json().get("total_count").asLong()).isEqualTo(1);
        assertThat(caseIds(list(byChannel + "&show_active_chats=0", "case"))).containsExactly(ended);
        assertThat(caseIds(list(byChannel + "&show_active_chats=false", "case"))).containsExactly(ended);
        assertThat(caseIds(list(byChannel + "&show_active_chats=1", "case"))).containsExactlyInAnyOrder(active, ended);
        assertThat(caseIds(list(byChannel + "&show_active_chats=true", "case")))
                .containsExactlyInAnyOrder(active, ended);
        assertThat(api().get(byChannel + "&show_active_chats=1").json().get("total_count").asLong()).isEqualTo(2);

        assertThat(caseIds(list(byChannel + "&show_active_chats=1&chat_state=active", "case"))).containsExactly(active);
        assertThat(caseIds(list(byChannel + "&show_active_chats=1&chat_state=ended", "case"))).containsExactly(ended);
        assertThat(caseIds(list(byChannel + "&chat_state=ended", "case"))).containsExactly(ended);
        assertThat(list(byChannel + "&show_active_chats=1&chat_state=none", "case")).isEmpty();
        assertThat(caseIds(list(byChannel + "&show_active_chats=1&chat_state=active,ended", "case")))
                .containsExactlyInAnyOrder(active, ended);

        Answer wrong = api().get(byChannel + "&chat_state=sleeping");
        assertThat(wrong.status()).as(wrong.body()).isEqualTo(400);
        Answer wrongFlag = api().get(byChannel + "&show_active_chats=maybe");
        assertThat(wrongFlag.status()).as(wrongFlag.body()).isEqualTo(400);

        assertThat(getCase(active).get("chat_state").asText()).isEqualTo("active");
        assertThat(getCase(ended).get("chat_state").asText()).isEqualTo("ended");
        assertThat(endChat(active, null).status()).isEqualTo(200);
    }

    @Test
    void asyncChannelCaseHasChatStateNoneAndNeverARunningChat() {
        String channel = asyncChannel();
        JsonNode created = customerCase(channel, "an email-like message");
        long caseId = created.get("case_id").asLong();
        customerWrites(created, "and another one");
        staffReplies(caseId, "an answer");

        JsonNode deskCase = getCase(caseId);
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("none");
        assertThat(deskCase.get("chat").isObject()).as(deskCase.toString()).isTrue();
        assertThat(deskCase.get("chat").size()).as(deskCase.toString()).isZero();
        assertThat(sessions(caseId)).isEmpty();
        assertThat(runningChats(channel)).isEmpty();
        assertThat(caseIds(list("/api/chats.json", "chat"))).doesNotContain(caseId);

        String byChannel = "/api/cases.json?channel=" + channel;
        assertThat(caseIds(list(byChannel, "case"))).containsExactly(caseId);
        assertThat(caseIds(list(byChannel + "&chat_state=none", "case"))).containsExactly(caseId);
        assertThat(list(byChannel + "&chat_state=ended", "case")).isEmpty();
        assertThat(list(byChannel + "&show_active_chats=1&chat_state=active", "case")).isEmpty();

        Answer end = endChat(caseId, null);
        assertThat(end.status()).as(end.body()).isEqualTo(409);
        assertThat(end.json().path("error").asText()).isEqualTo("chat_not_active");
    }
}
