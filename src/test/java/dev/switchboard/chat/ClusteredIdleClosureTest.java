package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.Postgres;
import dev.switchboard.support.TestApp;
import dev.switchboard.support.WebhookReceiver;

/**
 * Two nodes on one PostgreSQL database, both running the idle scan every second on the clustered
 * Quartz job store: every idle chat is ended exactly once — one chat row ended by "idle", one
 * SB-3001 line, one chat_ended rule firing per case.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusteredIdleClosureTest {

    private static final int CASES = 20;
    private static final Pattern ENDED = Pattern.compile("SB-3001 chat of case (\\d+) ended by (\\w+)");

    @Test
    void twoNodesSharingOneDatabaseEndEachIdleChatExactlyOnce(CapturedOutput output) throws SchedulerException {
        String database = Postgres.newDatabase();
        String scheduler = "switchboard-chat-cluster-" + UUID.randomUUID();
        try (WebhookReceiver receiver = new WebhookReceiver();
                TestApp nodeA = TestApp.start(node(database, scheduler), "postgres");
                TestApp nodeB = TestApp.start(node(database, scheduler), "postgres")) {
            DeskClient api = nodeA.admin();
            JdbcClient jdbc = nodeA.bean(JdbcClient.class);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM qrtz_scheduler_state").query(Long.class).single())
                    .as("both nodes' schedulers checked in to the clustered job store").isEqualTo(2);
            assertThat(nodeB.admin().get("/api/custom_channels.json").status()).isEqualTo(200);
            // case ids no other context of this JVM uses, so their SB-3001 lines cannot be mistaken for these
            jdbc.sql("ALTER TABLE desk_case ALTER COLUMN id RESTART WITH 900001").update();

            Answer channelAnswer = api.post("/api/custom_channels.json", Map.of("custom_channel", Map.of(
                    "title", "Clustered chats", "channel_type", "sync",
                    "webhook_url", receiver.url(receiver.newPath()), "webhook_format", "json",
                    "chat_idle_timeout", 2)));
            assertThat(channelAnswer.status()).as(channelAnswer.body()).isEqualTo(201);
            String channel = channelAnswer.json().get("custom_channel").get("channel_api_key").asText();
            Answer ruleAnswer = api.post("/api/rules.json", Map.of("rule", Map.of(
                    "title", "chat ended on " + channel, "trigger", "changed_case",
                    "conditions_all", List.of(
                            Map.of("field", "channel", "operator", "is", "value", channel),
                            Map.of("field", "change", "operator", "is", "value", "chat_ended")),
                    "actions", List.of(Map.of("type", "set_priority", "priority", "high")))));
            assertThat(ruleAnswer.status()).as(ruleAnswer.body()).isEqualTo(201);
            long ruleId = ruleAnswer.json().get("rule").get("rule_id").asLong();

            List<Long> caseIds = openChats(api, channel, "a", CASES);
            assertEachEndedOnceByIdle(jdbc, output, caseIds, ruleId);
            // for the record: how many jobs each node's scheduler ran (which node fires is Quartz's choice)
            System.out.printf("chat cluster: jobs executed by node A %d, node B %d%n",
                    nodeA.bean(Scheduler.class).getMetaData().getNumberOfJobsExecuted(),
                    nodeB.bean(Scheduler.class).getMetaData().getNumberOfJobsExecuted());

            // node A goes away (node B registered the scheduler's connection provider last, so B keeps
            // working): the clustered job now fires on node B alone, which must be able to run it
            int executedByB = nodeB.bean(Scheduler.class).getMetaData().getNumberOfJobsExecuted();
            nodeA.close();
            JdbcClient jdbcB = nodeB.bean(JdbcClient.class);
            List<Long> later = openChats(nodeB.admin(), channel, "b", 3);
            assertEachEndedOnceByIdle(jdbcB, output, later, ruleId);
            assertThat(nodeB.bean(Scheduler.class).getMetaData().getNumberOfJobsExecuted())
                    .as("jobs run by node B after node A stopped").isGreaterThan(executedByB);

            assertThat(output.getAll()).doesNotContain("No CamelContext could be found")
                    .doesNotContain("Couldn't retrieve job").doesNotContain("SB-3002");
        }
    }

    /** Opens {@code count} cases with a live chat on {@code channel}; answers their ids. */
    private static List<Long> openChats(DeskClient api, String channel, String batch, int count) {
        List<Long> caseIds = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Answer created = api.post("/api/cases.json", Map.of("case", Map.of(
                    "user_custom_id", "cluster-user-" + batch + i, "channel", channel, "content", "hello " + i)));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            JsonNode deskCase = created.json().get("case");
            assertThat(deskCase.get("chat_state").asText()).isEqualTo("active");
            caseIds.add(deskCase.get("case_id").asLong());
        }
        return caseIds;
    }

    /**
     * Waits until every case's chat ended, lets a few more scans run, then checks each chat was ended
     * once: one chat row ended by "idle", one chat_ended rule firing, one SB-3001 line.
     */
    private static void assertEachEndedOnceByIdle(JdbcClient jdbc, CapturedOutput output, List<Long> caseIds,
            long ruleId) {
        await().atMost(Duration.ofSeconds(90)).until(() -> jdbc.sql(
                "SELECT COUNT(*) FROM chat WHERE case_id IN (:ids) AND ended_at IS NOT NULL")
                .param("ids", caseIds).query(Long.class).single() == caseIds.size());
        // a few more scans: nothing may be ended or announced a second time
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);

        for (long caseId : caseIds) {
            List<String> endedBy = jdbc.sql("SELECT ended_by FROM chat WHERE case_id = ?").param(caseId)
                    .query(String.class).list();
            assertThat(endedBy).as("chat rows of case %s", caseId).containsExactly("idle");
            List<String> changes = jdbc.sql("SELECT changes FROM rule_firing WHERE case_id = ? AND rule_id = ?")
                    .params(caseId, ruleId).query(String.class).list();
            assertThat(changes).as("chat_ended firings on case %s", caseId).hasSize(1);
            assertThat(changes.get(0)).contains("chat_ended");
            assertThat(jdbc.sql("SELECT chat_state FROM desk_case WHERE id = ?").param(caseId)
                    .query(String.class).single()).isEqualTo("ended");
        }

        Map<Long, Integer> linesPerCase = new HashMap<>();
        Matcher matcher = ENDED.matcher(output.getAll());
        while (matcher.find()) {
            long caseId = Long.parseLong(matcher.group(1));
            if (caseIds.contains(caseId)) {
                assertThat(matcher.group(2)).as("case %s", caseId).isEqualTo("idle");
                linesPerCase.merge(caseId, 1, Integer::sum);
            }
        }
        for (long caseId : caseIds) {
            assertThat(linesPerCase.get(caseId)).as("SB-3001 lines of case %s", caseId).isEqualTo(1);
        }
    }

    /**
     * One node. Both nodes share the database and the Quartz scheduler name (that is what clusters
     * them); the name is unique to this test because Quartz registers connection providers per
     * scheduler name JVM-wide, and other contexts of this JVM are called "switchboard". Camel's JMX
     * is off instead of giving each node its own management name: camel-quartz stores the creating
     * node's management name in the job and a node with another name cannot run that job ("No
     * CamelContext could be found with name"), so only the first node would really scan.
     */
    private static Map<String, String> node(String database, String scheduler) {
        Map<String, String> properties = new HashMap<>();
        properties.put("switchboard.data-dir", AppTest.newDataDir().toString());
        properties.put("spring.datasource.url", database);
        properties.put("spring.datasource.username", Postgres.user());
        properties.put("spring.datasource.password", "");
        properties.put("switchboard.chats.idle-scan-cron", "* * * * * ?");
        properties.put("spring.quartz.properties.org.quartz.scheduler.instanceName", scheduler);
        properties.put("camel.main.jmx-enabled", "false");
        return properties;
    }
}
