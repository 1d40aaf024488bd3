package dev.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.WebhookReceiver;

/**
 * Sets up what rule tests need through the desk API. Rules apply to every case of the shared
 * application, so each test makes its own channels and scopes its rules to them; the rules made
 * here are deleted by {@link #cleanup()}.
 */
final class RuleFixtures {

    /** Custom channels' webhooks (what rules send to customers arrives here). */
    static final WebhookReceiver CHANNEL_HOOKS = new WebhookReceiver();

    record TestChannel(long id, String code, String hookPath) {
    }

    private final DeskClient api;
    private final List<Long> rules = new ArrayList<>();

    RuleFixtures(DeskClient api) {
        this.api = api;
    }

    DeskClient api() {
        return api;
    }

    /** A custom channel ("sync": live chats, "async": none) with its own webhook path. */
    TestChannel channel(String type) {
        return channel(type, 0);
    }

    /** A custom channel whose live chats end after {@code idleTimeoutSeconds} of silence (0: the default). */
    TestChannel channel(String type, int idleTimeoutSeconds) {
        String path = CHANNEL_HOOKS.newPath();
        DeskClient.Answer answer = api.post("/api/custom_channels.json", Map.of("custom_channel", Map.of(
                "title", "Rules " + UUID.randomUUID(), "channel_type", type,
                "webhook_url", CHANNEL_HOOKS.url(path), "webhook_format", "json",
                "chat_idle_timeout", idleTimeoutSeconds)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode channel = answer.json().get("custom_channel");
        assertThat(channel.get("channel_type").asText()).isEqualTo(type);
        return new TestChannel(channel.get("channel_id").asLong(), channel.get("channel_api_key").asText(), path);
    }

    /** A new case of a custom channel's user (random unless given as user_custom_id in extra). */
    JsonNode newCase(TestChannel channel, String content, Object... extra) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("user_custom_id", "u-" + UUID.randomUUID());
        fields.put("channel", channel.code());
        fields.put("content", content);
        fields.putAll(map(extra));
        DeskClient.Answer answer = api.post("/api/cases.json", Map.of("case", fields));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("case");
    }

    JsonNode caseOf(long caseId) {
        DeskClient.Answer answer = api.get("/api/cases/" + caseId + ".json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("case");
    }

    /** PUT /api/cases/{id}.json; returns the case as answered. */
    JsonNode update(long caseId, Object... fields) {
        DeskClient.Answer answer = api.put("/api/cases/" + caseId + ".json", Map.of("case", map(fields)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("case");
    }

    JsonNode customerWrites(JsonNode deskCase, String content) {
        DeskClient.Answer answer = api.post("/api/cases/" + deskCase.get("case_id").asLong() + "/messages.json",
                Map.of("message", Map.of("content", content, "user_id", deskCase.get("user_id").asLong())));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message");
    }

    JsonNode staffWrites(long caseId, String content) {
        DeskClient.Answer answer = api.post("/api/cases/" + caseId + "/messages.json",
                Map.of("message", Map.of("content", content)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message");
    }

    JsonNode note(long caseId, String content) {
        DeskClient.Answer answer = api.post("/api/cases/" + caseId + "/note.json", Map.of("note", Map.of("content", content)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message");
    }

    JsonNode endChat(long caseId) {
        DeskClient.Answer answer = api.post("/api/cases/" + caseId + "/end_chat.json", Map.of());
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("case");
    }

    List<JsonNode> messages(long caseId) {
        DeskClient.Answer answer = api.get("/api/cases/" + caseId + "/messages.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return list(answer.json(), "message");
    }

    List<JsonNode> firings(long caseId) {
        DeskClient.Answer answer = api.get("/api/cases/" + caseId + "/rule_firings.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> firings = list(answer.json(), "firing");
        assertThat(answer.json().get("total_count").asInt()).isEqualTo(firings.size());
        return firings;
    }

    /** The ids of the rules that fired on a case, in firing order. */
    List<Long> fired(long caseId) {
        return firings(caseId).stream().map(f -> f.get("rule_id").asLong()).toList();
    }

    /** Creates a rule from its fields; it is deleted by {@link #cleanup()}. */
    long rule(Map<String, Object> fields) {
        DeskClient.Answer answer = api.post("/api/rules.json", Map.of("rule", fields));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        long id = answer.json().get("rule").get("rule_id").asLong();
        rules.add(id);
        return id;
    }

    long rule(String trigger, List<Map<String, Object>> all, List<Map<String, Object>> actions) {
        return rule(map("title", "Test rule " + UUID.randomUUID(), "trigger", trigger, "conditions_all", all,
                "actions", actions));
    }

    /** A rule of {@code trigger} for cases of {@code channel} only, with more conditions. */
    long rule(String trigger, TestChannel channel, List<Map<String, Object>> more, List<Map<String, Object>> actions) {
        List<Map<String, Object>> all = new ArrayList<>();
        all.add(cond("channel", "is", channel.code()));
        all.addAll(more);
        return rule(trigger, all, actions);
    }

    void deleteRule(long id) {
        DeskClient.Answer answer = api.raw("DELETE", "/api/rules/" + id + ".json", null, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        rules.remove(id);
    }

    void track(long ruleId) {
        rules.add(ruleId);
    }

    void cleanup() {
        for (Long id : rules) {
            api.raw("DELETE", "/api/rules/" + id + ".json", null, null);
        }
        rules.clear();
    }

    /** A staff member created by the administrator; the answer includes api_key. */
    JsonNode staff(Object... fields) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("staff_email", "staff-" + UUID.randomUUID() + "@rules.test");
        all.putAll(map(fields));
        DeskClient.Answer answer = api.post("/api/staff.json", Map.of("staff", all));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("staff");
    }

    void staffStatus(long staffId, String status) {
        DeskClient.Answer answer = api.put("/api/staff/" + staffId + ".json", Map.of("staff", Map.of("status", status)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("staff").get("status").asText()).isEqualTo(status);
    }

    long group() {
        String title = "Group " + UUID.randomUUID();
        DeskClient.Answer answer = api.post("/api/groups.json", Map.of("group", Map.of("group_title", title)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("group").get("group_id").asLong();
    }

    long label() {
        return label("Label " + UUID.randomUUID());
    }

    long label(String title) {
        DeskClient.Answer answer = api.post("/api/labels.json", Map.of("label", Map.of("label_title", title)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("label").get("label_id").asLong();
    }

    static Map<String, Object> cond(String field, String operator, Object value) {
        return map("field", field, "operator", operator, "value", value);
    }

    static Map<String, Object> userCond(String key, String operator, Object value) {
        return map("field", "user", "operator", operator, "value", value, "key", key);
    }

    static Map<String, Object> act(String type, Object... fields) {
        Map<String, Object> action = map(fields);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("type", type);
        all.putAll(action);
        return all;
    }

    static Map<String, Object> map(Object... keyValues) {
        assertThat(keyValues.length % 2).as(Arrays.toString(keyValues)).isZero();
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    /** The items of an Omnidesk list answer ("0": {wrapper: ...}, ..., "total_count"). */
    static List<JsonNode> list(JsonNode answer, String wrapper) {
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; answer.has(Integer.toString(i)); i++) {
            items.add(answer.get(Integer.toString(i)).get(wrapper));
        }
        return items;
    }

    static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asLong()));
        return ids;
    }
}
