package dev.switchboard.desk.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.WebhookReceiver;

/**
 * Fixtures and assertions shared by the desk API tests. Everything made here has unique names,
 * so tests never depend on what other tests (sharing the same running application) created.
 */
public final class ApiFixtures {

    /** A receiver answering 200, so that replies in custom-channel cases are delivered and done. */
    public static final WebhookReceiver RECEIVER = new WebhookReceiver();

    /** Omnidesk's date text: "Mon, 05 May 2014 00:15:17 +0300". */
    public static final String DATE = "[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}";

    private ApiFixtures() {
    }

    public static String uid() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    public static String email() {
        return "u-" + uid() + "@example.com";
    }

    /** A phone number no other test uses: +7 and 11 random digits. */
    public static String phone() {
        long n = Math.floorMod(UUID.randomUUID().getMostSignificantBits(), 100_000_000_000L);
        return String.format("+7%011d", n);
    }

    /** An ordered map from key/value pairs; values may be null. */
    public static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** A new custom channel (admin) delivering to the shared 200-receiver; answers the channel object. */
    public static JsonNode channel(DeskClient admin) {
        Answer answer = admin.post("/api/custom_channels.json", obj("custom_channel", obj(
                "title", "Test " + uid(), "channel_type", "async",
                "webhook_url", RECEIVER.url(RECEIVER.newPath()), "webhook_format", "json")));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("custom_channel");
    }

    public static String channelCode(DeskClient admin) {
        return channel(admin).get("channel_api_key").asText();
    }

    /** POST /api/cases.json with {"case": fields}, asserting 201; answers the case object. */
    public static JsonNode newCase(DeskClient api, Map<String, Object> fields) {
        Answer answer = api.post("/api/cases.json", obj("case", fields));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("case");
    }

    public static JsonNode emailCase(DeskClient api, String email) {
        return newCase(api, obj("user_email", email, "subject", "Subject " + uid(), "content", "Hello"));
    }

    public static JsonNode customCase(DeskClient api, String channel, String customId) {
        return newCase(api, obj("user_custom_id", customId, "channel", channel, "content", "Hi from " + customId));
    }

    /** POST /api/cases/{caseId}/messages.json of {@code content} as {@code userId}; the answer, whatever it is. */
    public static Answer postMessage(DeskClient api, long caseId, long userId, String content) {
        return api.post("/api/cases/" + caseId + "/messages.json", obj("message", obj("content", content,
                "user_id", userId)));
    }

    /** The contents of a case's messages, in the order the API lists them. */
    public static List<String> contents(DeskClient api, long caseId) {
        return items(api.get("/api/cases/" + caseId + "/messages.json").json(), "message").stream()
                .map(m -> m.get("content").asText()).toList();
    }

    public static JsonNode getCase(DeskClient api, long caseId) {
        Answer answer = api.get("/api/cases/" + caseId + ".json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("case");
    }

    public static JsonNode getUser(DeskClient api, long userId) {
        Answer answer = api.get("/api/users/" + userId + ".json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("user");
    }

    /** A staff member made by the administrator, with a client authenticated as them. */
    public record StaffMember(long id, String email, String apiKey, DeskClient api) {
    }

    public static StaffMember staff(DeskClient admin, boolean isAdmin) {
        String email = "staff-" + uid() + "@example.com";
        Answer answer = admin.post("/api/staff.json", obj("staff", obj(
                "staff_email", email, "staff_full_name", "Staff " + email, "admin", isAdmin)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode staff = answer.json().get("staff");
        String key = staff.get("api_key").asText();
        return new StaffMember(staff.get("staff_id").asLong(), email, key, admin.as(email, key));
    }

    public static long label(DeskClient api) {
        Answer answer = api.post("/api/labels.json", obj("label", obj("label_title", "label-" + uid())));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("label").get("label_id").asLong();
    }

    public static long group(DeskClient admin) {
        Answer answer = admin.post("/api/groups.json", obj("group", obj("group_title", "group-" + uid())));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("group").get("group_id").asLong();
    }

    /** The wrapped objects of an Omnidesk list ("0", "1", ... in order), checking the shape on the way. */
    public static List<JsonNode> items(JsonNode list, String wrapper) {
        assertThat(list.isObject()).as(list.toString()).isTrue();
        assertThat(list.get("total_count").isIntegralNumber()).as(list.toString()).isTrue();
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; list.has(Integer.toString(i)); i++) {
            JsonNode item = list.get(Integer.toString(i));
            assertThat(item.fieldNames()).toIterable().containsExactly(wrapper);
            items.add(item.get(wrapper));
        }
        assertThat(list.size()).as("only item keys and total_count: " + list).isEqualTo(items.size() + 1);
        return items;
    }

    /** GET a list, asserting 200; answers its items. */
    public static List<JsonNode> list(DeskClient api, String path, String wrapper) {
        Answer answer = api.get(enc(path));
        assertThat(answer.status()).as(path + " -> " + answer.body()).isEqualTo(200);
        return items(answer.json(), wrapper);
    }

    public static long total(DeskClient api, String path) {
        Answer answer = api.get(enc(path));
        assertThat(answer.status()).as(path + " -> " + answer.body()).isEqualTo(200);
        return answer.json().get("total_count").asLong();
    }

    /** Brackets of PHP-style query names ({@code status[]}) percent-encoded, as java.net.URI needs. */
    public static String enc(String path) {
        return path.replace("[", "%5B").replace("]", "%5D");
    }

    public static List<Long> ids(List<JsonNode> items, String field) {
        return items.stream().map(i -> i.get(field).asLong()).toList();
    }

    public static List<Long> longs(JsonNode array) {
        List<Long> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asLong()));
        return values;
    }

    /** An error answer: the status, a JSON content type and {"error": code, "description": ...}. */
    public static void assertError(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertJsonError(answer);
        assertThat(answer.json().get("error").asText()).as(answer.body()).isEqualTo(code);
    }

    /** Any 4xx, never 5xx, with a JSON body holding "error" and "description". */
    public static void assertClientError(Answer answer) {
        assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
        assertJsonError(answer);
    }

    private static void assertJsonError(Answer answer) {
        assertThat(answer.header("Content-Type")).as(answer.body()).startsWith("application/json");
        assertThat(answer.json().path("error").isTextual()).as(answer.body()).isTrue();
        assertThat(answer.json().get("error").asText()).as(answer.body()).matches("[a-z][a-z_]*");
        assertThat(answer.json().path("description").isTextual()).as(answer.body()).isTrue();
        assertThat(answer.json().get("description").asText()).as(answer.body()).isNotBlank();
    }
}
