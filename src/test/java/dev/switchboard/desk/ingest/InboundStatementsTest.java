package dev.switchboard.desk.ingest;

import static dev.switchboard.support.QueryStatistics.delta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import dev.switchboard.support.Desk;
import dev.switchboard.support.QueryStatistics;
import dev.switchboard.support.SwitchboardTest;

/**
 * What a channel's next message in a conversation writes, counted by H2's query statistics
 * (counts, never timings): the conversation's reference and the case's activity, each once; the
 * conversation and case rows, with their many indexes, not at all (migrations V11 and V12); the
 * case locked and read once, by one statement, however many parts of the message's work lock it;
 * no dedup read before the mark for a message without files.
 */
class InboundStatementsTest extends SwitchboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private JmsTemplate jms;

    @RegisterExtension
    final QueryStatistics statistics = new QueryStatistics();

    @Test
    void aNextMessageWritesTheReferenceAndTheActivityAndLeavesTheRowsAlone() throws Exception {
        String channel = new Desk(admin()).channel("http://127.0.0.1:9/unused", "json").get("channel_api_key")
                .asText();
        String conversation = "conv-" + UUID.randomUUID();
        send(channel, conversation, "first", "ref-1");
        long caseId = awaitMessages(channel, 1).get("case_id").asLong();
        Map<String, Long> before = statistics.executions();

        send(channel, conversation, "second", "ref-2");
        // counted by a query of its own: reading the case through the API would count as a case read
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM message WHERE case_id = ?", Long.class, caseId), n -> n == 2);

        Map<String, Long> after = statistics.executions();
        assertThat(delta(before, after, "UPDATE conversation_reference SET")).as("reference writes").isEqualTo(1);
        assertThat(delta(before, after, "UPDATE conversation SET")).as("conversation row writes").isZero();
        assertThat(delta(before, after, "UPDATE case_activity SET")).as("case activity writes").isEqualTo(1);
        assertThat(delta(before, after, "UPDATE desk_case SET")).as("case row writes").isZero();
        assertThat(delta(before, after, "FROM desk_case c WHERE c.id = ? FOR UPDATE")).as("case locks").isEqualTo(1);
        assertThat(delta(before, after, "FROM desk_case c WHERE c.id = ?")).as("case reads, the lock's among them")
                .isEqualTo(1);
        assertThat(delta(before, after, "FROM inbound_seen WHERE key_hash")).as("dedup reads before the mark")
                .isZero();
        assertThat(jdbc.queryForObject("SELECT r.reference FROM conversation_reference r JOIN conversation c "
                + "ON c.id = r.conversation_id WHERE c.case_id = ?", String.class, caseId)).contains("ref-2");
    }

    private void send(String channel, String conversation, String text, String replyTo) throws Exception {
        String body = JSON.writeValueAsString(Map.of("channel", channel, "conversation", conversation,
                "external_id", UUID.randomUUID().toString(), "kind", "message", "text", text,
                "sender", Map.of("id", conversation, "name", "Customer"), "reference", Map.of("replyToId", replyTo)));
        jms.convertAndSend(InboundIngest.QUEUE, body, message -> {
            message.setStringProperty("JMSXGroupID", channel + "|" + conversation);
            return message;
        });
    }

    /** The channel's one case, once it holds {@code count} messages (read through the API). */
    private JsonNode awaitMessages(String channel, int count) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode cases = admin().get("/api/cases.json?channel=" + channel + "&show_active_chats=true").json();
            JsonNode first = cases.get("0");
            if (first == null) {
                return null;
            }
            JsonNode deskCase = first.get("case");
            JsonNode messages = admin().get("/api/cases/" + deskCase.get("case_id").asLong() + "/messages.json")
                    .json();
            return messages.has(Integer.toString(count - 1)) ? deskCase : null;
        }, c -> c != null);
    }
}
