package dev.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.TestApp;

/**
 * Rules declared in a file ({@code switchboard.rules.file}): loaded at start, idempotent by key
 * across restarts on the same data, and an invalid file stops the start naming the rule.
 */
class RulesFileTest {

    @TempDir
    Path dir;

    private static String file(String vipTitle) {
        return """
                # rules for a reproducible set-up
                rules:
                  - key: vip-escalation
                    title: "%s"
                    trigger: new_case
                    conditions_all:
                      - field: subject
                        operator: contains
                        value: [vip, urgent]
                    actions:
                      - type: set_priority
                        priority: high
                      - type: add_labels
                        labels: [vip from file]
                  - key: waiting-reminder
                    title: Remind waiting customers
                    trigger: time
                    time:
                      since: status_changed
                      after_seconds: 86400
                    conditions_all:
                      - field: status
                        operator: is
                        value: waiting
                    actions:
                      - type: send_message
                        content: "Are you still there, [user_full_name]?"
                """.formatted(vipTitle);
    }

    private Map<String, String> installation(Path rulesFile) {
        return Map.of("switchboard.data-dir", AppTest.newDataDir().toString(),
                "switchboard.rules.file", rulesFile.toString());
    }

    /** All rules by key ("" for rules made through the API, listed by id then). */
    private static Map<String, JsonNode> rulesByKey(DeskClient api) {
        DeskClient.Answer answer = api.get("/api/rules.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        for (JsonNode rule : RuleFixtures.list(answer.json(), "rule")) {
            String key = rule.get("key").asText();
            byKey.put(key.isEmpty() ? "id:" + rule.get("rule_id").asLong() : key, rule);
        }
        assertThat(answer.json().get("total_count").asInt()).isEqualTo(byKey.size());
        return byKey;
    }

    @Test
    void theFilesRulesAreLoadedAtStartAndUpdatedByKeyOnRestart() throws IOException {
        Path rulesFile = dir.resolve("rules.yaml");
        Files.writeString(rulesFile, file("Escalate VIPs"));
        Map<String, String> installation = installation(rulesFile);

        Map<String, JsonNode> first;
        long apiRule;
        try (TestApp app = TestApp.start(installation)) {
            first = rulesByKey(app.admin());
            assertThat(first.keySet()).containsExactlyInAnyOrder("vip-escalation", "waiting-reminder");
            JsonNode vip = first.get("vip-escalation");
            assertThat(vip.get("title").asText()).isEqualTo("Escalate VIPs");
            assertThat(vip.get("trigger").asText()).isEqualTo("new_case");
            assertThat(vip.get("active").asBoolean()).isTrue();
            assertThat(vip.get("conditions_all").get(0).get("value")).extracting(JsonNode::asText)
                    .containsExactly("vip", "urgent");
            long label = vip.get("actions").get(1).get("label_ids").get(0).asLong();
            assertThat(app.admin().get("/api/labels/" + label + ".json").json().get("label").get("label_title")
                    .asText()).isEqualTo("vip from file");
            JsonNode reminder = first.get("waiting-reminder");
            assertThat(reminder.get("trigger").asText()).isEqualTo("time");
            assertThat(reminder.get("time").get("after_seconds").asLong()).isEqualTo(86400);

            // the rule works like one made through the API
            JsonNode deskCase = app.admin().post("/api/cases.json", Map.of("case", Map.of("user_email",
                    "vip@example.com", "subject", "VIP request", "content", "Hello"))).json().get("case");
            assertThat(deskCase.get("priority").asText()).isEqualTo("high");
            assertThat(RuleFixtures.ids(deskCase.get("labels"))).containsExactly(label);

            // a rule made through the API, which the file does not know
            DeskClient.Answer created = app.admin().post("/api/rules.json", Map.of("rule", RuleFixtures.map(
                    "title", "Made by hand", "trigger", "changed_case",
                    "actions", List.of(RuleFixtures.act("add_note", "content", "x")))));
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            apiRule = created.json().get("rule").get("rule_id").asLong();
        }

        Files.writeString(rulesFile, file("Escalate very important people"));
        try (TestApp app = TestApp.start(installation)) {
            Map<String, JsonNode> second = rulesByKey(app.admin());
            assertThat(second.keySet()).containsExactlyInAnyOrder("vip-escalation", "waiting-reminder", "id:" + apiRule);
            for (String key : List.of("vip-escalation", "waiting-reminder")) {
                assertThat(second.get(key).get("rule_id")).as(key).isEqualTo(first.get(key).get("rule_id"));
                assertThat(second.get(key).get("position")).as(key).isEqualTo(first.get(key).get("position"));
                assertThat(second.get(key).get("actions")).as(key).isEqualTo(first.get(key).get("actions"));
            }
            assertThat(second.get("vip-escalation").get("title").asText()).isEqualTo("Escalate very important people");
            assertThat(second.get("waiting-reminder").get("title").asText()).isEqualTo("Remind waiting customers");
            assertThat(second.get("id:" + apiRule).get("title").asText()).isEqualTo("Made by hand");
        }
    }

    @Test
    void loadingAnUnchangedFileAgainChangesNothing() throws IOException {
        Path rulesFile = dir.resolve("rules.yml");
        Files.writeString(rulesFile, file("Escalate VIPs"));
        Map<String, String> installation = installation(rulesFile);

        Map<String, JsonNode> first;
        try (TestApp app = TestApp.start(installation)) {
            first = rulesByKey(app.admin());
        }
        try (TestApp app = TestApp.start(installation)) {
            Map<String, JsonNode> second = rulesByKey(app.admin());
            assertThat(second.keySet()).containsExactlyElementsOf(first.keySet());
            // every field, updated_at included: the documented "loading twice changes nothing"
            first.forEach((key, rule) -> assertThat(second.get(key)).as(key).isEqualTo(rule));
        }
    }

    @Test
    void anInvalidFileStopsTheStartNamingTheRuleAndTheProblem() throws IOException {
        Path rulesFile = dir.resolve("broken.yaml");
        Files.writeString(rulesFile, """
                rules:
                  - key: fine-rule
                    title: Fine
                    trigger: new_case
                    actions:
                      - type: set_priority
                        priority: high
                  - key: broken-rule
                    title: Broken
                    trigger: new_case
                    conditions_all:
                      - field: status
                        operator: is
                        value: open
                    actions:
                      - type: set_priority
                        priority: high
                      - type: explode
                """);

        Throwable thrown = catchThrowable(() -> TestApp.start(installation(rulesFile)).close());

        assertThat(thrown).as("the start must fail").isNotNull();
        List<String> messages = new ArrayList<>();
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        String all = messages.stream().collect(Collectors.joining("\n"));
        assertThat(all).contains("broken-rule").contains("rule.actions[1].type").contains(rulesFile.toString())
                .doesNotContain("fine-rule");
    }
}
