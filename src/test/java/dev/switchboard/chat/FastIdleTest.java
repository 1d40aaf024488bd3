package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.WebhookReceiver;

/**
 * The application on H2 and embedded Artemis with the idle scan firing every second, so that chats
 * of channels with a chat_idle_timeout of a few seconds end by silence within the test. Like
 * {@link dev.switchboard.support.SwitchboardTest}, one context shared by its subclasses, but on a
 * data directory of its own (two embedded brokers cannot share one), so it runs next to that context.
 * Every test makes its own channels and cases; rules are made specific to the test's channel.
 * (Its Quartz scheduler gets a name of its own from {@link AppTest}.)
 */
@TestPropertySource(properties = "switchboard.chats.idle-scan-cron=* * * * * ?")
abstract class FastIdleTest extends AppTest {

    private static final Path DATA = newDataDir();

    /** Answers 200 to every delivery, so staff replies to the test channels are delivered and done. */
    static final WebhookReceiver RECEIVER = new WebhookReceiver();

    /** Long enough that a chat never ends by silence while a test looks at it. */
    static final int NEVER_IDLE = 3600;

    /** How long a test waits for something the idle scan (every second) should do in a few seconds. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    static final String DATE = "[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}";

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
    }

    DeskClient api() {
        return admin();
    }

    static String uid() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A custom sync channel (chats) with the given idle timeout in seconds and idle status ("" = leave). */
    String syncChannel(int idleTimeoutSeconds, String idleStatus) {
        return channel("sync", idleTimeoutSeconds, idleStatus);
    }

    /** A custom async channel (no chats). */
    String asyncChannel() {
        return channel("async", 2, "");
    }

    String channel(String type, int idleTimeoutSeconds, String idleStatus) {
        Answer answer = api().post("/api/custom_channels.json", obj("custom_channel", obj(
                "title", "Chat test " + uid(), "channel_type", type,
                "webhook_url", RECEIVER.url(RECEIVER.newPath()), "webhook_format", "json",
                "chat_idle_timeout", idleTimeoutSeconds, "chat_idle_status", idleStatus)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode channel = answer.json().get("custom_channel");
        assertThat(channel.get("channel_type").asText()).isEqualTo(type);
        assertThat(channel.get("chat_idle_timeout").asLong()).isEqualTo(idleTimeoutSeconds);
        assertThat(channel.get("chat_idle_status").asText()).isEqualTo(idleStatus);
        return channel.get("channel_api_key").asText();
    }

    /** A case opened by a channel user's first message; answers the case object. */
    JsonNode customerCase(String channel, String content) {
        String customId = "chat-user-" + uid();
        Answer answer = api().post("/api/cases.json", obj("case", obj(
                "user_custom_id", customId, "channel", channel, "user_full_name", "Customer " + customId,
                "content", content)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("case");
    }

    /** The case's customer writes again (POST messages.json with user_id); answers the message. */
    JsonNode customerWrites(JsonNode deskCase, String content) {
        Answer answer = api().post("/api/cases/" + deskCase.get("case_id").asLong() + "/messages.json",
                obj("message", obj("content", content, "user_id", deskCase.get("user_id").asLong())));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message");
    }

    /** A staff reply by the administrator (or, with staffId, written as that staff member). */
    JsonNode staffReplies(long caseId, String content, Long staffId) {
        Map<String, Object> message = obj("content", content);
        if (staffId != null) {
            message.put("staff_id", staffId);
        }
        Answer answer = api().post("/api/cases/" + caseId + "/messages.json", obj("message", message));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message");
    }

    JsonNode staffReplies(long caseId, String content) {
        return staffReplies(caseId, content, null);
    }

    JsonNode note(long caseId, String content) {
        Answer answer = api().post("/api/cases/" + caseId + "/note.json", obj("note", obj("content", content)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message");
    }

    /** POST /api/cases/{id}/end_chat.json: with no body at all when {@code body} is null. */
    Answer endChat(long caseId, Object body) {
        String path = "/api/cases/" + caseId + "/end_chat.json";
        return body == null ? api().raw("POST", path, null, null) : api().post(path, body);
    }

    JsonNode getCase(long caseId) {
        Answer answer = api().get("/api/cases/" + caseId + ".json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("case");
    }

    /** The chat sessions of a case (GET /api/cases/{id}/chats.json), oldest first. */
    List<JsonNode> sessions(long caseId) {
        Answer answer = api().get("/api/cases/" + caseId + "/chats.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> items = items(answer.json(), "chat");
        assertThat(answer.json().get("total_count").asLong()).isEqualTo(items.size());
        return items;
    }

    /** The only chat session of a case. */
    JsonNode onlySession(long caseId) {
        List<JsonNode> sessions = sessions(caseId);
        assertThat(sessions).as("chat sessions of case %s", caseId).hasSize(1);
        return sessions.get(0);
    }

    /** The running chats of a channel (GET /api/chats.json?channel=). */
    List<JsonNode> runningChats(String channel) {
        return list("/api/chats.json?channel=" + channel, "chat");
    }

    List<JsonNode> list(String path, String wrapper) {
        Answer answer = api().get(path);
        assertThat(answer.status()).as(path + " -> " + answer.body()).isEqualTo(200);
        return items(answer.json(), wrapper);
    }

    static List<Long> caseIds(List<JsonNode> items) {
        return items.stream().map(i -> i.get("case_id").asLong()).toList();
    }

    /** The wrapped objects of an Omnidesk list ("0", "1", ... then total_count). */
    static List<JsonNode> items(JsonNode list, String wrapper) {
        assertThat(list.isObject()).as(list.toString()).isTrue();
        assertThat(list.get("total_count").isIntegralNumber()).as(list.toString()).isTrue();
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; list.has(Integer.toString(i)); i++) {
            items.add(list.get(Integer.toString(i)).get(wrapper));
        }
        return items;
    }

    /** Waits until the case's latest chat session ended; answers that session. */
    JsonNode awaitEnded(long caseId) {
        return await().atMost(PATIENCE).until(() -> {
            List<JsonNode> sessions = sessions(caseId);
            return sessions.isEmpty() ? null : sessions.get(sessions.size() - 1);
        }, s -> s != null && !s.get("active").asBoolean());
    }

    /** The administrator's staff id. */
    long adminId() {
        return list("/api/staff.json", "staff").stream()
                .filter(s -> s.get("staff_email").asText().equals(ADMIN_EMAIL))
                .findFirst().orElseThrow().get("staff_id").asLong();
    }

    /** A staff member made by the administrator: its id and a client authenticated as it. */
    record StaffMember(long id, DeskClient api) {
    }

    StaffMember staff(boolean bot) {
        String email = "chat-staff-" + uid() + "@example.com";
        Answer answer = api().post("/api/staff.json", obj("staff", obj(
                "staff_email", email, "staff_full_name", "Staff " + email, "bot", bot)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode staff = answer.json().get("staff");
        assertThat(staff.get("bot").asBoolean()).isEqualTo(bot);
        return new StaffMember(staff.get("staff_id").asLong(), api().as(email, staff.get("api_key").asText()));
    }

    /** Creates a changed_case rule; answers its id. */
    long changedCaseRule(String title, List<Map<String, Object>> conditionsAll, List<Map<String, Object>> actions) {
        Answer answer = api().post("/api/rules.json", obj("rule", obj(
                "title", title, "trigger", "changed_case", "conditions_all", conditionsAll, "actions", actions)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("rule").get("rule_id").asLong();
    }

    void deleteRule(long ruleId) {
        Answer answer = api().raw("DELETE", "/api/rules/" + ruleId + ".json", null, null);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    static Map<String, Object> condition(String field, String operator, String value) {
        return obj("field", field, "operator", operator, "value", value);
    }

    /** Waits about {@code duration} without sleeping the test thread directly. */
    static void pause(Duration duration) {
        await().pollDelay(duration).atMost(duration.plusSeconds(5)).until(() -> true);
    }
}
