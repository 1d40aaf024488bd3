package dev.switchboard.rules;

import static dev.switchboard.rules.RuleFixtures.act;
import static dev.switchboard.rules.RuleFixtures.cond;
import static dev.switchboard.rules.RuleFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.rules.RuleFixtures.TestChannel;

/**
 * Time-based rules on a one-second Quartz scan: a rule "status waiting for more than 2 s" fires
 * once per case after the wait, not again on later scans, and again only after a new outside
 * change brought the case back to it.
 */
class TimeRulesTest extends FastTimeScan {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

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

    private long waitingRule(TestChannel ch, String since, List<Map<String, Object>> actions) {
        return fx().rule(map("title", "Waiting too long", "trigger", "time",
                "time", map("since", since, "after_seconds", 2),
                "conditions_all", List.of(cond("channel", "is", ch.code()), cond("status", "is", "waiting")),
                "actions", actions));
    }

    private static OffsetDateTime date(JsonNode text) {
        return OffsetDateTime.parse(text.asText(), DateTimeFormatter.RFC_1123_DATE_TIME);
    }

    private long notes(long caseId) {
        return fx().messages(caseId).stream().filter(m -> m.get("note").asBoolean()).count();
    }

    @Test
    void firesOnceAfterTheWaitAndNotAgainOnLaterScans() {
        TestChannel ch = fx().channel("async");
        long rule = waitingRule(ch, "status_changed", List.of(
                act("add_note", "content", "Waiting for 2 s: [case_number]"), act("set_priority", "priority", "high")));
        long onChange = fx().rule("changed_case", ch, List.of(), List.of(act("add_note", "content", "changed")));
        JsonNode created = fx().newCase(ch, "Hello", "status", "waiting");
        long caseId = created.get("case_id").asLong();

        // not before the 2 s are up
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofMillis(1500)).until(() -> fx().firings(caseId).isEmpty());
        assertThat(fx().caseOf(caseId).get("priority").asText()).isEqualTo("normal");

        JsonNode firing = await().atMost(PATIENCE).until(() -> fx().firings(caseId), f -> !f.isEmpty()).get(0);
        assertThat(firing.get("rule_id").asLong()).isEqualTo(rule);
        assertThat(firing.get("changes")).extracting(JsonNode::asText).containsExactly("time");
        assertThat(Duration.between(date(created.get("created_at")), date(firing.get("created_at"))))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        JsonNode deskCase = fx().caseOf(caseId);
        assertThat(deskCase.get("priority").asText()).isEqualTo("high");
        assertThat(deskCase.get("status").asText()).isEqualTo("waiting");
        List<JsonNode> messages = fx().messages(caseId);
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).get("content").asText()).isEqualTo("Waiting for 2 s: " + created.get("case_number").asText());
        assertThat(messages.get(1).get("sent_via_rule").asBoolean()).isTrue();

        // later scans leave it alone; its own change triggers no changed-case rule
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> fx().fired(caseId).equals(List.of(rule)) && notes(caseId) == 1);
        assertThat(fx().fired(caseId)).doesNotContain(onChange);
    }

    @Test
    void firesAgainOnlyAfterAnOutsideChangeLeadsBackToTheCondition() {
        TestChannel ch = fx().channel("async");
        long rule = waitingRule(ch, "status_changed", List.of(act("add_note", "content", "still waiting")));
        long caseId = fx().newCase(ch, "Hello", "status", "waiting").get("case_id").asLong();
        await().atMost(PATIENCE).until(() -> fx().fired(caseId).size() == 1);

        // open again: the condition does not hold, nothing fires however long it stays so
        fx().update(caseId, "status", "open");
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> fx().fired(caseId).size() == 1);

        // back to waiting: once more after 2 s, and only once
        fx().update(caseId, "status", "waiting");
        await().atMost(PATIENCE).until(() -> fx().fired(caseId).size() == 2);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> fx().fired(caseId).size() == 2);
        assertThat(fx().fired(caseId)).containsExactly(rule, rule);
        assertThat(notes(caseId)).isEqualTo(2);
    }

    @Test
    void sinceTheLastOutsideChange() {
        TestChannel ch = fx().channel("async");
        long rule = fx().rule(map("title", "Quiet for 2 s", "trigger", "time",
                "time", map("since", "changed", "after_seconds", 2),
                "conditions_all", List.of(cond("channel", "is", ch.code())),
                "actions", List.of(act("set_status", "status", "waiting"))));
        long caseId = fx().newCase(ch, "Hello").get("case_id").asLong();
        await().atMost(PATIENCE).until(() -> fx().fired(caseId).size() == 1);
        assertThat(fx().caseOf(caseId).get("status").asText()).isEqualTo("waiting");
        // the rule's own status change is no outside change: it does not start the clock again
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> fx().fired(caseId).size() == 1);

        fx().note(caseId, "an outside change");
        await().atMost(PATIENCE).until(() -> fx().fired(caseId).size() == 2);
        assertThat(fx().fired(caseId)).containsExactly(rule, rule);
    }
}
