package dev.switchboard.rules;

import static dev.switchboard.rules.RuleFixtures.act;
import static dev.switchboard.rules.RuleFixtures.cond;
import static dev.switchboard.rules.RuleFixtures.ids;
import static dev.switchboard.rules.RuleFixtures.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.rules.RuleFixtures.TestChannel;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;

/**
 * How rules run: in their order, with "ignore the remaining rules", triggers kept apart, one
 * evaluation per outside change, and nothing that rules change triggering rules again.
 */
class RuleEngineTest extends SwitchboardTest {

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

    private static List<Map<String, Object>> note(String text) {
        return List.of(act("add_note", "content", text));
    }

    @Test
    void everyKindOfOutsideChangeRunsTheChangedCaseRulesExactlyOnce() {
        TestChannel ch = fx().channel("sync");
        long group = fx().group();
        long person = fx().staff().get("staff_id").asLong();
        long label = fx().label();
        long everything = fx().rule("changed_case", ch, List.of(), note("something changed"));
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (String kind : List.of("customer_message", "staff_message", "note", "status_changed", "priority_changed",
                "group_changed", "assignee_changed", "subject_changed", "label_added", "label_removed", "chat_ended")) {
            byKind.put(kind, fx().rule("changed_case", ch, List.of(cond("change", "is", kind)), note(kind)));
        }
        long onNew = fx().rule("new_case", ch, List.of(cond("change", "is", "new_case")), note("new"));

        JsonNode deskCase = fx().newCase(ch, "Hello");
        long caseId = deskCase.get("case_id").asLong();
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("active");
        assertThat(fx().fired(caseId)).containsExactly(onNew);

        List<JsonNode> seen = new ArrayList<>(fx().firings(caseId));
        Consumer<List<String>> expect = kinds -> {
            List<JsonNode> all = fx().firings(caseId);
            List<JsonNode> fresh = all.subList(seen.size(), all.size());
            List<Long> expected = new ArrayList<>(List.of(everything));
            byKind.forEach((kind, rule) -> {
                if (kinds.contains(kind)) {
                    expected.add(rule);
                }
            });
            assertThat(fresh).as("after %s", kinds).extracting(f -> f.get("rule_id").asLong())
                    .containsExactlyElementsOf(expected);
            assertThat(fresh).allSatisfy(f -> assertThat(f.get("changes")).extracting(JsonNode::asText)
                    .containsExactlyInAnyOrderElementsOf(kinds));
            seen.clear();
            seen.addAll(all);
        };

        fx().customerWrites(deskCase, "one more thing");
        expect.accept(List.of("customer_message"));
        fx().staffWrites(caseId, "an answer");
        // the first staff member to answer an unassigned case takes it: one change, two kinds
        expect.accept(List.of("staff_message", "assignee_changed"));
        fx().staffWrites(caseId, "a second answer");
        expect.accept(List.of("staff_message"));
        fx().note(caseId, "internal");
        expect.accept(List.of("note"));
        fx().update(caseId, "status", "waiting");
        expect.accept(List.of("status_changed"));
        fx().update(caseId, "priority", "high");
        expect.accept(List.of("priority_changed"));
        fx().update(caseId, "group_id", group);
        expect.accept(List.of("group_changed"));
        fx().update(caseId, "staff_id", person);
        expect.accept(List.of("assignee_changed"));
        fx().update(caseId, "subject", "A new subject");
        expect.accept(List.of("subject_changed"));
        fx().update(caseId, "add_labels", List.of(label));
        expect.accept(List.of("label_added"));
        fx().update(caseId, "delete_labels", List.of(label));
        expect.accept(List.of("label_removed"));
        fx().endChat(caseId);
        expect.accept(List.of("chat_ended"));
        // several changes in one request: one evaluation that sees them all
        fx().update(caseId, "status", "closed", "priority", "low", "add_labels", List.of(label));
        expect.accept(List.of("status_changed", "priority_changed", "label_added"));
        // a request that changes nothing is no change
        fx().update(caseId, "status", "closed", "priority", "low");
        assertThat(fx().firings(caseId)).hasSameSizeAs(seen);
    }

    @Test
    void rulesRunInTheirOrderAndCanBeReordered() {
        TestChannel ch = fx().channel("async");
        long high = fx().rule("new_case", ch, List.of(), List.of(act("set_priority", "priority", "high")));
        long low = fx().rule("new_case", ch, List.of(), List.of(act("set_priority", "priority", "low")));

        JsonNode first = fx().newCase(ch, "Hello");
        assertThat(fx().fired(first.get("case_id").asLong())).containsExactly(high, low);
        assertThat(first.get("priority").asText()).as("the last rule's action wins").isEqualTo("low");

        DeskClient.Answer reorder = admin().put("/api/rules/order.json", Map.of("rule_ids", List.of(low, high)));
        assertThat(reorder.status()).as(reorder.body()).isEqualTo(200);
        Map<Long, Integer> positions = new LinkedHashMap<>();
        RuleFixtures.list(reorder.json(), "rule").forEach(r -> positions.put(r.get("rule_id").asLong(),
                r.get("position").asInt()));
        assertThat(positions).containsEntry(low, 1).containsEntry(high, 2);

        JsonNode second = fx().newCase(ch, "Hello");
        assertThat(fx().fired(second.get("case_id").asLong())).containsExactly(low, high);
        assertThat(second.get("priority").asText()).isEqualTo("high");

        // a rule created at position 0 goes before both
        long critical = fx().rule(map("title", "first of all", "trigger", "new_case", "position", 0,
                "conditions_all", List.of(cond("channel", "is", ch.code())),
                "actions", List.of(act("set_priority", "priority", "critical"))));
        JsonNode third = fx().newCase(ch, "Hello");
        assertThat(fx().fired(third.get("case_id").asLong())).containsExactly(critical, low, high);
        assertThat(third.get("priority").asText()).isEqualTo("high");

        // and a position given on update moves it last
        assertThat(admin().put("/api/rules/" + critical + ".json", Map.of("rule", Map.of("position", 3))).status())
                .isEqualTo(200);
        JsonNode fourth = fx().newCase(ch, "Hello");
        assertThat(fx().fired(fourth.get("case_id").asLong())).containsExactly(low, high, critical);
        assertThat(fourth.get("priority").asText()).isEqualTo("critical");
    }

    @Test
    void laterRulesSeeWhatEarlierRulesOfThePassChanged() {
        TestChannel ch = fx().channel("async");
        long label = fx().label();
        long toWaiting = fx().rule("new_case", ch, List.of(), List.of(act("set_status", "status", "waiting")));
        long onWaiting = fx().rule("new_case", ch, List.of(cond("status", "is", "waiting")),
                List.of(act("add_labels", "label_ids", List.of(label))));
        fx().rule("new_case", ch, List.of(cond("status", "is", "open")), note("still open"));
        long onLabel = fx().rule("new_case", ch, List.of(cond("labels", "include_any", Long.toString(label))),
                List.of(act("set_priority", "priority", "high")));

        JsonNode deskCase = fx().newCase(ch, "Hello");

        assertThat(fx().fired(deskCase.get("case_id").asLong())).containsExactly(toWaiting, onWaiting, onLabel);
        assertThat(deskCase.get("status").asText()).isEqualTo("waiting");
        assertThat(ids(deskCase.get("labels"))).containsExactly(label);
        assertThat(deskCase.get("priority").asText()).isEqualTo("high");
        assertThat(fx().caseOf(deskCase.get("case_id").asLong()).get("status").asText()).isEqualTo("waiting");
    }

    @Test
    void stopIgnoresTheRemainingRulesOfThePass() {
        TestChannel ch = fx().channel("async");
        long first = fx().label();
        long second = fx().label();
        long stopper = fx().rule("new_case", ch, List.of(cond("subject", "contains", "stop")),
                List.of(act("add_labels", "label_ids", List.of(first)), act("stop"),
                        act("set_priority", "priority", "high")));
        long after = fx().rule("new_case", ch, List.of(), List.of(act("add_labels", "label_ids", List.of(second))));

        JsonNode stopped = fx().newCase(ch, "please stop here");
        long stoppedId = stopped.get("case_id").asLong();
        assertThat(fx().fired(stoppedId)).containsExactly(stopper);
        assertThat(ids(stopped.get("labels"))).containsExactly(first);
        // the stopping rule's own actions all run
        assertThat(stopped.get("priority").asText()).isEqualTo("high");
        assertThat(fx().firings(stoppedId).get(0).get("actions")).extracting(JsonNode::asText)
                .contains("remaining rules ignored");

        // a rule that does not fire stops nothing
        JsonNode notStopped = fx().newCase(ch, "carry on");
        assertThat(fx().fired(notStopped.get("case_id").asLong())).containsExactly(after);
        assertThat(ids(notStopped.get("labels"))).containsExactly(second);

        // stop ends one pass only: the next change runs the rules again
        long changed = fx().rule("changed_case", ch, List.of(), note("changed"));
        fx().note(stoppedId, "a note");
        assertThat(fx().fired(stoppedId)).containsExactly(stopper, changed);
    }

    @Test
    void newCaseRulesAndChangedCaseRulesAreKeptApart() {
        TestChannel ch = fx().channel("async");
        long onNew = fx().rule("new_case", ch, List.of(), List.of(act("set_status", "status", "waiting"),
                act("add_note", "content", "new")));
        long onChange = fx().rule("changed_case", ch, List.of(), note("changed"));

        JsonNode deskCase = fx().newCase(ch, "Hello");
        long caseId = deskCase.get("case_id").asLong();
        assertThat(deskCase.get("status").asText()).isEqualTo("waiting");
        assertThat(fx().fired(caseId)).as("the new case rule's status change is no outside change")
                .containsExactly(onNew);

        fx().note(caseId, "staff note");
        assertThat(fx().fired(caseId)).containsExactly(onNew, onChange);
        fx().update(caseId, "status", "open");
        fx().customerWrites(deskCase, "again");
        assertThat(fx().fired(caseId)).containsExactly(onNew, onChange, onChange, onChange);
    }

    @Test
    void whatRulesChangeDoesNotTriggerRules() {
        TestChannel ch = fx().channel("sync");
        long group = fx().group();
        long person = fx().staff().get("staff_id").asLong();
        long label = fx().label();
        long onNote = fx().rule("changed_case", ch, List.of(cond("change", "is", "note")), List.of(
                act("set_status", "status", "closed"), act("set_priority", "priority", "high"),
                act("add_labels", "label_ids", List.of(label)), act("set_group", "group_id", group),
                act("assign", "staff_id", person), act("send_message", "content", "Auto answer"),
                act("add_note", "content", "rule note"), act("end_chat")));
        List<Long> others = new ArrayList<>();
        for (String kind : List.of("status_changed", "priority_changed", "label_added", "group_changed",
                "assignee_changed", "staff_message", "note", "chat_ended", "customer_message")) {
            others.add(fx().rule("changed_case", ch, List.of(cond("change", "is", kind),
                    cond("message_text", "not_contains", "outside")), note("re-triggered by " + kind)));
        }
        JsonNode deskCase = fx().newCase(ch, "Hello");
        long caseId = deskCase.get("case_id").asLong();

        fx().note(caseId, "a staff note from outside");

        JsonNode after = fx().caseOf(caseId);
        assertThat(after.get("status").asText()).isEqualTo("closed");
        assertThat(after.get("priority").asText()).isEqualTo("high");
        assertThat(ids(after.get("labels"))).containsExactly(label);
        assertThat(after.get("group_id").asLong()).isEqualTo(group);
        assertThat(after.get("staff_id").asLong()).isEqualTo(person);
        assertThat(after.get("chat_state").asText()).isEqualTo("ended");
        assertThat(fx().fired(caseId)).containsExactly(onNote);
        // nothing comes later either (deliveries of the rule's messages are no changes)
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> fx().fired(caseId).equals(List.of(onNote)));
        assertThat(fx().messages(caseId)).extracting(m -> m.get("content").asText())
                .containsExactly("Hello", "a staff note from outside", "Auto answer", "rule note");
    }

    @Test
    void anAutoAnswerDoesNotLoop() {
        TestChannel ch = fx().channel("sync");
        long autoAnswer = fx().rule("changed_case", ch, List.of(), List.of(
                act("send_message", "content", "We got: [message_text]"), act("set_status", "status", "waiting")));
        JsonNode deskCase = fx().newCase(ch, "Hello");
        long caseId = deskCase.get("case_id").asLong();

        for (int i = 1; i <= 3; i++) {
            fx().customerWrites(deskCase, "message " + i);
            assertThat(fx().caseOf(caseId).get("status").asText()).isEqualTo("waiting");
        }

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> fx().fired(caseId).size() == 3);
        assertThat(fx().fired(caseId)).containsExactly(autoAnswer, autoAnswer, autoAnswer);
        assertThat(fx().messages(caseId)).extracting(m -> m.get("content").asText()).containsExactly("Hello",
                "message 1", "We got: message 1", "message 2", "We got: message 2", "message 3", "We got: message 3");
    }

    @Test
    void eachFiringIsRecordedWithRuleChangeAndActions() {
        TestChannel ch = fx().channel("async");
        long label = fx().label();
        long rule = fx().rule(map("title", "Record me", "trigger", "changed_case",
                "conditions_all", List.of(cond("channel", "is", ch.code())),
                "actions", List.of(act("set_status", "status", "waiting"), act("add_labels", "label_ids", List.of(label)),
                        act("add_note", "content", "noted"))));
        long caseId = fx().newCase(ch, "Hello").get("case_id").asLong();
        assertThat(fx().firings(caseId)).isEmpty();

        fx().update(caseId, "priority", "high");

        List<JsonNode> firings = fx().firings(caseId);
        assertThat(firings).hasSize(1);
        JsonNode firing = firings.get(0);
        assertThat(firing.get("rule_id").asLong()).isEqualTo(rule);
        assertThat(firing.get("rule_title").asText()).isEqualTo("Record me");
        assertThat(firing.get("changes")).extracting(JsonNode::asText).containsExactly("priority_changed");
        assertThat(firing.get("actions")).extracting(JsonNode::asText).hasSize(3)
                .satisfies(a -> assertThat(a.get(0)).contains("status").contains("waiting"))
                .satisfies(a -> assertThat(a.get(1)).contains("label").contains(Long.toString(label)))
                .satisfies(a -> assertThat(a.get(2)).contains("note"));
        assertThat(firing.get("firing_id").asLong()).isPositive();
        assertThat(firing.get("created_at").asText()).isNotBlank();
        // by case number too
        String number = fx().caseOf(caseId).get("case_number").asText();
        assertThat(RuleFixtures.list(admin().get("/api/cases/" + number + "/rule_firings.json").json(), "firing"))
                .hasSize(1);
    }
}
