package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Silence ends a live chat: no message from either side for the channel's chat_idle_timeout
 * (2 s here), counted from the last message or from the start, found by the idle scan (every
 * second here). The status becomes the channel's chat_idle_status, or stays.
 */
class IdleClosureTest extends FastIdleTest {

    private static final int TIMEOUT = 2;

    @Autowired
    JdbcClient jdbc;

    /** started_at, last_activity_at and ended_at of a chat, to the microsecond. */
    record Times(OffsetDateTime startedAt, OffsetDateTime lastActivityAt, OffsetDateTime endedAt) {
    }

    Times times(long chatId) {
        return jdbc.sql("SELECT started_at, last_activity_at, ended_at FROM chat WHERE id = ?").param(chatId)
                .query((rs, n) -> new Times(rs.getObject(1, OffsetDateTime.class),
                        rs.getObject(2, OffsetDateTime.class), rs.getObject(3, OffsetDateTime.class)))
                .single();
    }

    @Test
    void silentChatEndsByIdleAndSetsTheChannelsIdleStatus() {
        String channel = syncChannel(TIMEOUT, "waiting");
        JsonNode created = customerCase(channel, "Hello?");
        long caseId = created.get("case_id").asLong();
        staffReplies(caseId, "Hi, one moment");

        JsonNode chat = awaitEnded(caseId);

        assertThat(chat.get("ended_by").asText()).isEqualTo("idle");
        assertThat(chat.get("ended_at").asText()).matches(DATE);
        assertThat(chat.get("started_at").asText()).matches(DATE);
        assertThat(chat.get("end_reason").asText()).isNotBlank();
        assertThat(chat.get("ended_by_staff_id").asLong()).isZero();
        assertThat(chat.get("ended_by_rule_id").asLong()).isZero();
        assertThat(chat.get("customer_messages").asLong()).isEqualTo(1);
        assertThat(chat.get("staff_messages").asLong()).isEqualTo(1);
        assertThat(chat.get("first_response_seconds").isIntegralNumber()).as(chat.toString()).isTrue();
        assertThat(chat.get("first_response_seconds").asLong()).isGreaterThanOrEqualTo(0);
        Times times = times(chat.get("chat_id").asLong());
        assertThat(times.endedAt()).isAfterOrEqualTo(times.lastActivityAt().plusSeconds(TIMEOUT));

        JsonNode deskCase = getCase(caseId);
        assertThat(deskCase.get("status").asText()).isEqualTo("waiting");
        assertThat(deskCase.get("closed_at").asText()).isEqualTo("-");
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("ended");
        assertThat(deskCase.get("chat").get("ended_by").asText()).isEqualTo("idle");
        assertThat(runningChats(channel)).isEmpty();
        assertThat(caseIds(list("/api/cases.json?channel=" + channel, "case"))).containsExactly(caseId);
    }

    @Test
    void silentChatOnChannelWithoutIdleStatusEndsAndTheStatusStays() {
        String channel = syncChannel(TIMEOUT, "");
        long caseId = customerCase(channel, "Hello?").get("case_id").asLong();
        staffReplies(caseId, "Hi");
        JsonNode waiting = api().put("/api/cases/" + caseId + ".json",
                obj("case", obj("status", "waiting"))).json().get("case");
        assertThat(waiting.get("status").asText()).isEqualTo("waiting");

        JsonNode chat = awaitEnded(caseId);

        assertThat(chat.get("ended_by").asText()).isEqualTo("idle");
        assertThat(onlySession(caseId).get("ended_by").asText()).isEqualTo("idle");
        JsonNode deskCase = getCase(caseId);
        assertThat(deskCase.get("status").asText()).isEqualTo("waiting");
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("ended");

        long openCase = customerCase(channel, "Another one").get("case_id").asLong();
        assertThat(awaitEnded(openCase).get("ended_by").asText()).isEqualTo("idle");
        assertThat(getCase(openCase).get("status").asText()).isEqualTo("open");
    }

    @Test
    void chatNobodyWroteInAfterTheStartEndsAfterTheTimeoutCountedFromTheStart() {
        String channel = syncChannel(TIMEOUT, "");
        long caseId = customerCase(channel, "Just one message").get("case_id").asLong();

        JsonNode chat = awaitEnded(caseId);

        assertThat(chat.get("ended_by").asText()).isEqualTo("idle");
        assertThat(chat.get("customer_messages").asLong()).isEqualTo(1);
        assertThat(chat.get("staff_messages").asLong()).isZero();
        assertThat(chat.get("first_response_seconds").asText()).isEqualTo("-");
        Times times = times(chat.get("chat_id").asLong());
        assertThat(times.lastActivityAt()).isEqualTo(times.startedAt());
        assertThat(times.endedAt()).isAfterOrEqualTo(times.startedAt().plusSeconds(TIMEOUT));
        assertThat(getCase(caseId).get("status").asText()).isEqualTo("open");
    }

    @Test
    void chatThatKeepsTalkingIsNotEndedAndEndsByIdleAfterItStops() {
        String channel = syncChannel(TIMEOUT, "waiting");
        JsonNode created = customerCase(channel, "message 0");
        long caseId = created.get("case_id").asLong();
        int customer = 1;
        int staff = 0;

        // about 5 s of conversation, one message a second, alternating sides: never 2 s of silence
        long lastMessage = System.nanoTime();
        for (int i = 1; i <= 5; i++) {
            long next = lastMessage + Duration.ofSeconds(1).toNanos();
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> System.nanoTime() >= next);
            if (i % 2 == 1) {
                staffReplies(caseId, "message " + i);
                staff++;
            } else {
                customerWrites(created, "message " + i);
                customer++;
            }
            lastMessage = System.nanoTime();
            JsonNode session = onlySession(caseId);
            assertThat(session.get("active").asBoolean()).as("after message %s: %s", i, session).isTrue();
            assertThat(session.get("customer_messages").asLong()).isEqualTo(customer);
            assertThat(session.get("staff_messages").asLong()).isEqualTo(staff);
            assertThat(getCase(caseId).get("chat_state").asText()).isEqualTo("active");
            assertThat(caseIds(runningChats(channel))).containsExactly(caseId);
        }
        assertThat(getCase(caseId).get("status").asText()).isEqualTo("open");

        JsonNode chat = awaitEnded(caseId);

        assertThat(chat.get("ended_by").asText()).isEqualTo("idle");
        assertThat(chat.get("customer_messages").asLong()).isEqualTo(customer);
        assertThat(chat.get("staff_messages").asLong()).isEqualTo(staff);
        Times times = times(chat.get("chat_id").asLong());
        assertThat(times.lastActivityAt()).isAfterOrEqualTo(times.startedAt().plusSeconds(4));
        assertThat(times.endedAt()).isAfterOrEqualTo(times.lastActivityAt().plusSeconds(TIMEOUT));
        assertThat(getCase(caseId).get("status").asText()).isEqualTo("waiting");
        assertThat(sessions(caseId)).hasSize(1);
    }

    @Test
    void botOwnedChatEndsOnIdleLikeAnyOther() {
        String channel = syncChannel(TIMEOUT, "waiting");
        StaffMember bot = staff(true);
        long caseId = customerCase(channel, "Hi bot").get("case_id").asLong();
        JsonNode assigned = api().put("/api/cases/" + caseId + ".json",
                obj("case", obj("staff_id", bot.id()))).json().get("case");
        assertThat(assigned.get("staff_id").asLong()).isEqualTo(bot.id());
        JsonNode reply = staffReplies(caseId, "Hello, I am a bot", bot.id());
        assertThat(reply.get("staff_id").asLong()).isEqualTo(bot.id());

        JsonNode chat = awaitEnded(caseId);

        assertThat(chat.get("ended_by").asText()).isEqualTo("idle");
        assertThat(chat.get("staff_messages").asLong()).isEqualTo(1);
        JsonNode deskCase = getCase(caseId);
        assertThat(deskCase.get("staff_id").asLong()).isEqualTo(bot.id());
        assertThat(deskCase.get("status").asText()).isEqualTo("waiting");
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("ended");
        assertThat(runningChats(channel)).isEmpty();
    }

    @Test
    void idleEndEmitsChatEndedForRulesOncePerChat() {
        String channel = syncChannel(TIMEOUT, "waiting");
        long ruleId = changedCaseRule("idle end " + channel,
                List.of(condition("channel", "is", channel), condition("change", "is", "chat_ended")),
                List.of(obj("type", "add_labels", "labels", List.of("idle-" + channel))));
        try {
            long caseId = customerCase(channel, "ping").get("case_id").asLong();

            awaitEnded(caseId);

            List<JsonNode> firings = list("/api/cases/" + caseId + "/rule_firings.json", "firing");
            assertThat(firings).hasSize(1);
            assertThat(firings.get(0).get("rule_id").asLong()).isEqualTo(ruleId);
            assertThat(firings.get(0).get("changes").toString()).contains("chat_ended").contains("status_changed");
            assertThat(getCase(caseId).get("labels")).hasSize(1);
            // more scans run; the ended chat is not ended (nor announced) again
            pause(Duration.ofSeconds(3));
            assertThat(list("/api/cases/" + caseId + "/rule_firings.json", "firing")).hasSize(1);
            assertThat(onlySession(caseId).get("ended_by").asText()).isEqualTo("idle");
        } finally {
            deleteRule(ruleId);
        }
    }
}
