package dev.switchboard.rules;

import static dev.switchboard.rules.RuleFixtures.act;
import static dev.switchboard.rules.RuleFixtures.cond;
import static dev.switchboard.rules.RuleFixtures.map;
import static dev.switchboard.rules.RuleFixtures.userCond;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.rules.RuleFixtures.TestChannel;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;

/** The rules API: validation of every part of a rule, administrators only, the list, names resolved to ids. */
class RulesApiTest extends SwitchboardTest {

    /** A channel no case uses: every rule these tests create is scoped to it (first condition). */
    private static final String NOWHERE = "cch-nowhere-" + UUID.randomUUID();

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

    /** A valid rule with the given fields replaced; the scoping condition stays first in conditions_all. */
    private static Map<String, Object> rule(Object... overrides) {
        Map<String, Object> rule = map("title", "Validation " + UUID.randomUUID(), "trigger", "new_case",
                "conditions_all", List.of(cond("channel", "is", NOWHERE)),
                "actions", List.of(act("add_note", "content", "x")));
        Map<String, Object> changes = map(overrides);
        changes.forEach((key, value) -> {
            if (value == null) {
                rule.remove(key);
            } else {
                rule.put(key, value);
            }
        });
        return rule;
    }

    /** The valid rule with one more condition (at conditions_all[1]). */
    private static Map<String, Object> withCondition(Map<String, Object> condition) {
        return rule("conditions_all", List.of(cond("channel", "is", NOWHERE), condition));
    }

    private static Map<String, Object> withActions(Object... actions) {
        return rule("actions", Arrays.asList(actions));
    }

    /** {@code error}: the expected error code (a regular expression where two codes are fair). */
    private static Arguments bad(String name, Map<String, Object> rule, String error, String field) {
        return Arguments.of(name, rule, error, field);
    }

    static Stream<Arguments> invalidRules() {
        Map<String, Object> nullValue = new HashMap<>(map("field", "subject", "operator", "contains"));
        nullValue.put("value", Arrays.asList((String) null));
        return Stream.of(
                bad("no title", rule("title", null), "missing_field", "rule.title"),
                bad("blank title", rule("title", "  "), "missing_field", "rule.title"),
                bad("no trigger", rule("trigger", null), "invalid_field", "rule.trigger"),
                bad("unknown trigger", rule("trigger", "sometimes"), "invalid_field", "rule.trigger"),
                bad("no actions", rule("actions", null), "missing_field", "rule.actions"),
                bad("empty actions", rule("actions", List.of()), "missing_field", "rule.actions"),
                bad("unknown field", withCondition(cond("colour", "is", "red")), "invalid_field",
                        "rule.conditions_all[1].field"),
                bad("no field", withCondition(map("operator", "is", "value", "open")), "missing_field",
                        "rule.conditions_all[1].field"),
                bad("unknown operator", withCondition(cond("status", "equals", "open")), "invalid_field",
                        "rule.conditions_all[1].operator"),
                bad("operator of another field", withCondition(cond("labels", "is", "1")), "invalid_field",
                        "rule.conditions_all[1].operator"),
                bad("no operator", withCondition(map("field", "status", "value", "open")), "missing_field|invalid_field",
                        "rule.conditions_all[1].operator"),
                bad("no value", withCondition(map("field", "status", "operator", "is")), "missing_field",
                        "rule.conditions_all[1].value"),
                bad("null value", withCondition(nullValue), "missing_field|invalid_field", "rule.conditions_all[1].value"),
                bad("bad status value", withCondition(cond("status", "is", List.of("open", "pending"))),
                        "invalid_field", "rule.conditions_all[1].value"),
                bad("bad priority value", withCondition(cond("priority", "is", "urgent")), "invalid_field",
                        "rule.conditions_all[1].value"),
                bad("bad channel type", withCondition(cond("channel_type", "is", "chat")), "invalid_field",
                        "rule.conditions_all[1].value"),
                bad("bad change kind", withCondition(cond("change", "is", "message")), "invalid_field",
                        "rule.conditions_all[1].value"),
                bad("group not an id", withCondition(cond("group", "is", "sales")), "invalid_field",
                        "rule.conditions_all[1].value"),
                bad("label not an id", withCondition(cond("labels", "include_any", "vip")), "invalid_field",
                        "rule.conditions_all[1].value"),
                bad("assignee not an id", withCondition(cond("assignee", "is", "somebody")), "invalid_field",
                        "rule.conditions_all[1].value"),
                bad("bad regex", withCondition(cond("message_text", "matches", "([a-z")), "invalid_field",
                        "rule.conditions_all[1].value"),
                bad("bad regex of the subject", withCondition(cond("subject", "matches", List.of("ok", "*bad"))),
                        "invalid_field", "rule.conditions_all[1].value"),
                bad("unknown user key", withCondition(userCond("age", "equals", "42")), "invalid_field",
                        "rule.conditions_all[1].key"),
                bad("no user key", withCondition(map("field", "user", "operator", "equals", "value", "x")),
                        "missing_field|invalid_field", "rule.conditions_all[1].key"),
                bad("bad condition in any-of", rule("conditions_any", List.of(cond("status", "is", "open"),
                        cond("status", "is", "done"))), "invalid_field", "rule.conditions_any[1].value"),
                bad("unknown action type", withActions(act("explode")), "invalid_field", "rule.actions[0].type"),
                bad("no action type", withActions(map("status", "open")), "missing_field", "rule.actions[0].type"),
                bad("second action bad", withActions(act("add_note", "content", "ok"), act("set_status",
                        "status", "pending")), "invalid_field", "rule.actions[1].status"),
                bad("set_status without status", withActions(act("set_status")), "invalid_field",
                        "rule.actions[0].status"),
                bad("end_chat with a bad status", withActions(act("end_chat", "status", "ended")), "invalid_field",
                        "rule.actions[0].status"),
                bad("bad priority", withActions(act("set_priority", "priority", "urgent")), "invalid_field",
                        "rule.actions[0].priority"),
                bad("send_message without content", withActions(act("send_message")), "missing_field",
                        "rule.actions[0].content"),
                bad("add_note with blank content", withActions(act("add_note", "content", " \n ")), "missing_field",
                        "rule.actions[0].content"),
                bad("http_request without url", withActions(act("http_request", "body", "{}")), "missing_field",
                        "rule.actions[0].url"),
                bad("relative url", withActions(act("http_request", "url", "/hook")), "invalid_field",
                        "rule.actions[0].url"),
                bad("ftp url", withActions(act("http_request", "url", "ftp://example.com/x")), "invalid_field",
                        "rule.actions[0].url"),
                bad("url with spaces", withActions(act("http_request", "url", "http://exa mple.com/")),
                        "invalid_field", "rule.actions[0].url"),
                bad("unknown method", withActions(act("http_request", "method", "TRACE", "url", "http://example.com/")),
                        "invalid_field", "rule.actions[0].method"),
                bad("header name that cannot be sent", withActions(act("http_request", "url", "http://example.com/",
                        "headers", Map.of("Bad Header:\r\nX", "v"))), "invalid_field", "rule.actions[0].headers"),
                bad("unknown staff id", withActions(act("assign", "staff_id", 987654321)), "staff_not_found",
                        "rule.actions[0]"),
                bad("unknown staff email", withActions(act("assign", "staff_email", "nobody-" + UUID.randomUUID()
                        + "@example.com")), "staff_not_found", "rule.actions[0]"),
                bad("assign without staff", withActions(act("assign")), "staff_not_found|missing_field", "rule.actions[0]"),
                bad("unknown group id", withActions(act("set_group", "group_id", 987654321)), "group_not_found",
                        "rule.actions[0].group_id"),
                bad("unknown group title", withActions(act("assign_available", "group_title", "No such group "
                        + UUID.randomUUID())), "group_not_found", "rule.actions[0].group_title"),
                bad("assign_available without group", withActions(act("assign_available")), "missing_field",
                        "rule.actions[0].group_id"),
                bad("unknown label id", withActions(act("add_labels", "label_ids", List.of(987654321))),
                        "label_not_found", "rule.actions[0].label_ids"),
                bad("labels without any", withActions(act("remove_labels")), "missing_field", "rule.actions[0].label_ids"),
                bad("time rule without time", rule("trigger", "time"), "missing_field", "rule.time"),
                bad("time without after_seconds", rule("trigger", "time", "time", map("since", "created")),
                        "missing_field", "rule.time"),
                bad("unknown time since", rule("trigger", "time", "time", map("since", "yesterday", "after_seconds", 60)),
                        "invalid_field", "rule.time.since"),
                bad("no time to wait", rule("trigger", "time", "time", map("since", "created", "after_seconds", 0)),
                        "invalid_field", "rule.time.after_seconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRules")
    void anInvalidRuleIsRefusedNamingTheField(String name, Map<String, Object> rule, String error, String field) {
        DeskClient.Answer answer = admin().post("/api/rules.json", Map.of("rule", rule));
        if (answer.status() == 201) {
            fx().track(answer.json().get("rule").get("rule_id").asLong());
        }

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).as(answer.body()).matches(error);
        assertThat(answer.json().get("description").asText()).as(answer.body()).contains(field);
    }

    @Test
    void aRuleTheApiAcceptsNeverBreaksTheCasesItRunsOn() {
        // "a rule is checked completely before it is stored, so a stored rule always runs"
        TestChannel ch = fx().channel("async");
        List<Map<String, Object>> suspicious = new ArrayList<>();
        for (String field : List.of("subject", "message_text")) {
            for (String operator : List.of("contains", "not_contains", "matches")) {
                Map<String, Object> condition = new HashMap<>(map("field", field, "operator", operator));
                condition.put("value", Arrays.asList("fine", null));
                suspicious.add(condition);
            }
        }
        Map<String, Object> userNull = new HashMap<>(map("field", "user", "operator", "equals", "key", "email"));
        userNull.put("value", Arrays.asList((String) null));
        suspicious.add(userNull);

        for (Map<String, Object> condition : suspicious) {
            DeskClient.Answer answer = admin().post("/api/rules.json", Map.of("rule", rule("conditions_all",
                    List.of(cond("channel", "is", ch.code()), condition))));
            if (answer.status() == 201) {
                long id = answer.json().get("rule").get("rule_id").asLong();
                fx().track(id);
                DeskClient.Answer created = admin().post("/api/cases.json", Map.of("case", Map.of(
                        "user_custom_id", "u-" + UUID.randomUUID(), "channel", ch.code(), "content", "Hello")));
                fx().deleteRule(id);
                assertThat(created.status()).as("a case under the accepted rule %s: %s", condition, created.body())
                        .isEqualTo(201);
            } else {
                assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            }
        }
    }

    @Test
    void anInvalidUpdateIsRefusedAndChangesNothing() {
        long id = fx().rule(rule("title", "Keep me"));
        JsonNode before = admin().get("/api/rules/" + id + ".json").json().get("rule");

        DeskClient.Answer answer = admin().put("/api/rules/" + id + ".json", Map.of("rule", map("title", "Changed",
                "actions", List.of(act("set_status", "status", "pending")))));

        assertThat(answer.status()).as(answer.body()).isEqualTo(400);
        assertThat(answer.json().get("description").asText()).contains("rule.actions[0].status");
        assertThat(admin().get("/api/rules/" + id + ".json").json().get("rule")).isEqualTo(before);
        assertThat(admin().put("/api/rules/" + id + ".json", Map.of("rule", map("title", " "))).status()).isEqualTo(400);
        assertThat(admin().put("/api/rules/987654321.json", Map.of("rule", map("title", "x"))).status()).isEqualTo(404);
    }

    @Test
    void onlyAdministratorsChangeRules() {
        JsonNode staff = fx().staff();
        DeskClient member = admin().as(staff.get("staff_email").asText(), staff.get("api_key").asText());
        long id = fx().rule(rule("title", "Admins only"));
        JsonNode before = admin().get("/api/rules/" + id + ".json").json().get("rule");
        int count = admin().get("/api/rules.json").json().get("total_count").asInt();

        List<DeskClient.Answer> answers = List.of(
                member.post("/api/rules.json", Map.of("rule", rule())),
                member.put("/api/rules/" + id + ".json", Map.of("rule", map("title", "Hijacked"))),
                member.raw("DELETE", "/api/rules/" + id + ".json", null, null),
                member.put("/api/rules/order.json", Map.of("rule_ids", List.of(id))));

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).as(a.body()).isEqualTo(403);
            assertThat(a.json().get("error").asText()).isNotBlank();
        });
        assertThat(admin().get("/api/rules/" + id + ".json").json().get("rule")).isEqualTo(before);
        assertThat(admin().get("/api/rules.json").json().get("total_count").asInt()).isEqualTo(count);
        assertThat(admin().anonymous().get("/api/rules.json").status()).isEqualTo(401);
    }

    @Test
    void theListShowsEveryRuleInTheDeskListFormat() {
        long person = fx().staff().get("staff_id").asLong();
        String key = "api-" + UUID.randomUUID();
        long id = fx().rule(map("key", key, "title", "Listed rule", "trigger", "changed_case", "position", 7,
                "active", false,
                "conditions_all", List.of(cond("channel", "is", NOWHERE), cond("status", "is", "open")),
                "conditions_any", List.of(userCond("email", "equals", "a@b.c")),
                "actions", List.of(act("assign", "staff_id", person), act("stop"))));
        long timed = fx().rule(map("title", "Listed time rule", "trigger", "time",
                "time", map("since", "status_changed", "after_seconds", 3600),
                "conditions_all", List.of(cond("channel", "is", NOWHERE)),
                "actions", List.of(act("set_priority", "priority", "high"))));

        DeskClient.Answer answer = admin().get("/api/rules.json");
        assertThat(answer.status()).isEqualTo(200);
        List<JsonNode> rules = RuleFixtures.list(answer.json(), "rule");
        assertThat(answer.json().get("total_count").asInt()).isEqualTo(rules.size());
        assertThat(answer.json().size()).isEqualTo(rules.size() + 1);
        JsonNode listed = rules.stream().filter(r -> r.get("rule_id").asLong() == id).findFirst().orElseThrow();
        assertThat(listed.get("key").asText()).isEqualTo(key);
        assertThat(listed.get("title").asText()).isEqualTo("Listed rule");
        assertThat(listed.get("trigger").asText()).isEqualTo("changed_case");
        assertThat(listed.get("position").asInt()).isEqualTo(7);
        assertThat(listed.get("active").asBoolean()).isFalse();
        assertThat(listed.get("conditions_all")).hasSize(2);
        JsonNode status = listed.get("conditions_all").get(1);
        assertThat(status.get("field").asText()).isEqualTo("status");
        assertThat(status.get("operator").asText()).isEqualTo("is");
        assertThat(status.get("value").isArray()).as("a single value is stored as a list").isTrue();
        assertThat(status.get("value").get(0).asText()).isEqualTo("open");
        assertThat(listed.get("conditions_any").get(0).get("key").asText()).isEqualTo("email");
        assertThat(listed.get("actions").get(0).get("type").asText()).isEqualTo("assign");
        assertThat(listed.get("actions").get(0).get("staff_id").asLong()).isEqualTo(person);
        assertThat(listed.get("actions").get(1).get("type").asText()).isEqualTo("stop");
        assertThat(listed.get("time").isNull()).isTrue();
        assertThat(listed.get("created_at").asText()).isNotBlank().isNotEqualTo("-");
        assertThat(listed.get("updated_at").asText()).isNotBlank().isNotEqualTo("-");
        assertThat(admin().get("/api/rules/" + id + ".json").json().get("rule")).isEqualTo(listed);

        JsonNode time = rules.stream().filter(r -> r.get("rule_id").asLong() == timed).findFirst().orElseThrow();
        assertThat(time.get("key").asText()).isEmpty();
        assertThat(time.get("time").get("since").asText()).isEqualTo("status_changed");
        assertThat(time.get("time").get("after_seconds").asLong()).isEqualTo(3600);
        assertThat(time.get("conditions_any")).isEmpty();

        // by trigger, then position
        List<String> order = rules.stream().map(r -> r.get("trigger").asText() + "/"
                + String.format("%09d", r.get("position").asInt())).toList();
        assertThat(order).isSorted();
        assertThat(admin().get("/api/rules/987654321.json").status()).isEqualTo(404);
    }

    @Test
    void namesAreResolvedToIdsAndAMissingLabelIsCreated() {
        JsonNode person = fx().staff();
        String groupTitle = "Sales " + UUID.randomUUID();
        long group = admin().post("/api/groups.json", Map.of("group", Map.of("group_title", groupTitle)))
                .json().get("group").get("group_id").asLong();
        String existingTitle = "existing " + UUID.randomUUID();
        long existing = fx().label(existingTitle);
        String newTitle = "brand new " + UUID.randomUUID();

        DeskClient.Answer answer = admin().post("/api/rules.json", Map.of("rule", rule("actions", List.of(
                act("assign", "staff_email", person.get("staff_email").asText()),
                act("set_group", "group_title", groupTitle),
                act("assign_available", "group_title", groupTitle),
                act("add_labels", "labels", List.of(existingTitle, newTitle, " " + newTitle + " ")),
                act("remove_labels", "label_ids", List.of(existing), "labels", List.of(newTitle))))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode rule = answer.json().get("rule");
        fx().track(rule.get("rule_id").asLong());
        JsonNode actions = rule.get("actions");

        assertThat(actions.get(0).get("staff_id").asLong()).isEqualTo(person.get("staff_id").asLong());
        assertThat(actions.get(0).has("staff_email")).as("stored as an id").isFalse();
        assertThat(actions.get(1).get("group_id").asLong()).isEqualTo(group);
        assertThat(actions.get(1).has("group_title")).isFalse();
        assertThat(actions.get(2).get("group_id").asLong()).isEqualTo(group);
        List<Long> added = RuleFixtures.ids(actions.get(3).get("label_ids"));
        assertThat(actions.get(3).has("labels")).isFalse();
        assertThat(added).hasSize(2).startsWith(existing);
        long created = added.get(1);
        DeskClient.Answer label = admin().get("/api/labels/" + created + ".json");
        assertThat(label.status()).isEqualTo(200);
        assertThat(label.json().get("label").get("label_title").asText()).isEqualTo(newTitle);
        assertThat(RuleFixtures.ids(actions.get(4).get("label_ids"))).containsExactly(existing, created);
        // the stored rule is the resolved one
        assertThat(admin().get("/api/rules/" + rule.get("rule_id").asLong() + ".json").json().get("rule")
                .get("actions")).isEqualTo(actions);
    }

    @Test
    void aRefusedRuleCreatesNoLabel() {
        String title = "orphan " + UUID.randomUUID();
        DeskClient.Answer answer = admin().post("/api/rules.json", Map.of("rule", rule("actions", List.of(
                act("add_labels", "labels", List.of(title)), act("set_status", "status", "pending")))));
        assertThat(answer.status()).isEqualTo(400);

        // creating the label now succeeds only if the refused rule left none behind
        DeskClient.Answer label = admin().post("/api/labels.json", Map.of("label", Map.of("label_title", title)));
        assertThat(label.status()).as(label.body()).isEqualTo(201);
    }

    @Test
    void updateKeepsWhatItDoesNotNameAndDeleteRemoves() {
        TestChannel ch = fx().channel("async");
        long id = fx().rule("new_case", ch, List.of(), List.of(act("set_priority", "priority", "high")));
        JsonNode before = admin().get("/api/rules/" + id + ".json").json().get("rule");

        DeskClient.Answer renamed = admin().put("/api/rules/" + id + ".json", Map.of("rule", map("title", "Renamed")));
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        JsonNode after = renamed.json().get("rule");
        assertThat(after.get("title").asText()).isEqualTo("Renamed");
        assertThat(after.get("actions")).isEqualTo(before.get("actions"));
        assertThat(after.get("conditions_all")).isEqualTo(before.get("conditions_all"));
        assertThat(after.get("position")).isEqualTo(before.get("position"));
        assertThat(after.get("trigger").asText()).isEqualTo("new_case");
        assertThat(fx().newCase(ch, "Hello").get("priority").asText()).isEqualTo("high");

        DeskClient.Answer deleted = admin().raw("DELETE", "/api/rules/" + id + ".json", null, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("rule_id").asLong()).isEqualTo(id);
        assertThat(deleted.json().get("deleted").asBoolean()).isTrue();
        assertThat(admin().get("/api/rules/" + id + ".json").status()).isEqualTo(404);
        assertThat(admin().raw("DELETE", "/api/rules/" + id + ".json", null, null).status()).isEqualTo(404);
        // a deleted rule no longer runs
        assertThat(fx().newCase(ch, "Hello").get("priority").asText()).isEqualTo("normal");
    }

    @Test
    void keysAreUnique() {
        String key = "unique-" + UUID.randomUUID();
        fx().rule(rule("key", key));
        DeskClient.Answer again = admin().post("/api/rules.json", Map.of("rule", rule("key", key)));
        if (again.status() == 201) {
            fx().track(again.json().get("rule").get("rule_id").asLong());
        }
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().get("description").asText()).contains(key);
    }

    @Test
    void reorderNeedsExistingRulesAndIsAllOrNothing() {
        long a = fx().rule(rule());
        long b = fx().rule(rule());
        Map<Long, Integer> before = positions();

        DeskClient.Answer unknown = admin().put("/api/rules/order.json", Map.of("rule_ids", List.of(b, a, 987654321L)));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(positions()).isEqualTo(before);

        DeskClient.Answer empty = admin().put("/api/rules/order.json", Map.of("rule_ids", List.of()));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("description").asText()).contains("rule_ids");

        List<Object> withNull = new ArrayList<>(Arrays.asList(b, null));
        DeskClient.Answer nullId = admin().put("/api/rules/order.json", Map.of("rule_ids", withNull));
        assertThat(nullId.status()).as(nullId.body()).isEqualTo(400);
        assertThat(positions()).isEqualTo(before);
    }

    private Map<Long, Integer> positions() {
        Map<Long, Integer> positions = new LinkedHashMap<>();
        RuleFixtures.list(admin().get("/api/rules.json").json(), "rule")
                .forEach(r -> positions.put(r.get("rule_id").asLong(), r.get("position").asInt()));
        return positions;
    }
}
