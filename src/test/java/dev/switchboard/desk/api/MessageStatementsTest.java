package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.RECEIVER;
import static dev.switchboard.desk.api.ApiFixtures.customCase;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static dev.switchboard.support.QueryStatistics.delta;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.QueryStatistics;
import dev.switchboard.support.SwitchboardTest;

/**
 * What one message costs the database, counted by H2's query statistics (counts, never timings:
 * the benchmark measures the speed): the case is locked and read in one statement (with its
 * channel and labels; see RowLocks), its activity written once per message and the case row itself
 * only when the message changes the case (a first reply assigns it), its running chat read once, the files of a message just written are not read back, and a reply's
 * delivery reads the customer's channel id, not the whole customer, and its author without groups.
 */
class MessageStatementsTest extends SwitchboardTest {

    /** The case with its channel and labels, read once it is locked. */
    private static final String CASE_READ = "FROM desk_case c WHERE c.id = ?";
    /** The same read, locking the case (see RowLocks). */
    private static final String CASE_LOCK = "FROM desk_case c WHERE c.id = ? FOR UPDATE";
    private static final String OTHER_CASE_READS = "FROM desk_case WHERE id = ?";
    private static final String LABELS_READ = "FROM case_label WHERE case_id IN";
    private static final String CASE_WRITE = "UPDATE desk_case SET";
    private static final String ACTIVITY_WRITE = "UPDATE case_activity SET";
    private static final String CHAT_READ = "FROM chat WHERE case_id = ? AND ended_at IS NULL";
    private static final String FILES_READ = "FROM attachment WHERE message_id IN";
    private static final String USER_READ = "FROM desk_user u WHERE u.id = ?";
    private static final String STAFF_GROUPS_READ = "FROM staff_group";

    @RegisterExtension
    final QueryStatistics statistics = new QueryStatistics();

    @Test
    void aCustomerMessageOnAnOpenCaseWritesItsActivityAndLeavesTheCaseRowAlone() {
        JsonNode first = customCase(admin(), syncChannel(), "c-" + uid());
        long caseId = first.get("case_id").asLong();
        Map<String, Long> before = statistics.executions();

        Answer answer = admin().post("/api/cases/" + caseId + "/messages.json",
                obj("message", obj("user_id", first.get("user_id").asLong(), "content", "one more thing")));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        Map<String, Long> after = statistics.executions();
        assertOneReadOfTheCaseAndChat(before, after);
        assertThat(delta(before, after, CASE_WRITE)).as("case row writes: the case stays open").isZero();
        assertThat(delta(before, after, ACTIVITY_WRITE)).as("activity writes").isEqualTo(1);
        assertThat(delta(before, after, USER_READ)).as("the case's own customer").isZero();
    }

    @Test
    void aFirstStaffReplyWritesTheCaseOnceAndALaterOneOnlyItsActivity() {
        long caseId = customCase(admin(), syncChannel(), "c-" + uid()).get("case_id").asLong();
        Map<String, Long> before = statistics.executions();

        Answer answer = admin().post("/api/cases/" + caseId + "/messages.json",
                obj("message", obj("content", "on it")));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        Map<String, Long> after = statistics.executions();
        assertOneReadOfTheCaseAndChat(before, after);
        assertThat(delta(before, after, CASE_WRITE)).as("case row writes: the reply assigns the case").isEqualTo(1);
        assertThat(delta(before, after, ACTIVITY_WRITE)).as("activity writes").isEqualTo(1);
        assertThat(delta(before, after, USER_READ)).as("the customer, for the delivery").isZero();
        assertThat(delta(before, after, STAFF_GROUPS_READ)).as("the author's groups").isZero();

        Map<String, Long> second = statistics.executions();
        assertThat(admin().post("/api/cases/" + caseId + "/messages.json",
                obj("message", obj("content", "done"))).status()).isEqualTo(201);
        Map<String, Long> end = statistics.executions();
        assertOneReadOfTheCaseAndChat(second, end);
        assertThat(delta(second, end, CASE_WRITE)).as("case row writes: already assigned").isZero();
        assertThat(delta(second, end, ACTIVITY_WRITE)).as("activity writes").isEqualTo(1);
    }

    /** The case locked once and read once (with channel and labels), its running chat read once. */
    private static void assertOneReadOfTheCaseAndChat(Map<String, Long> before, Map<String, Long> after) {
        assertThat(delta(before, after, CASE_READ)).as("case reads, the lock's among them").isEqualTo(1);
        assertThat(delta(before, after, CASE_LOCK)).as("case locks").isEqualTo(1);
        assertThat(delta(before, after, OTHER_CASE_READS) + delta(before, after, LABELS_READ))
                .as("separate lock and label reads").isZero();
        assertThat(delta(before, after, CHAT_READ)).as("running chat reads").isEqualTo(1);
        assertThat(delta(before, after, FILES_READ)).as("files of the message just written").isZero();
    }

    private String syncChannel() {
        Answer answer = admin().post("/api/custom_channels.json", obj("custom_channel", obj(
                "title", "Statements " + uid(), "channel_type", "sync",
                "webhook_url", RECEIVER.url(RECEIVER.newPath()), "webhook_format", "json")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("custom_channel").get("channel_api_key").asText();
    }
}
