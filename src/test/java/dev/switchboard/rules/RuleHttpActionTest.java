package dev.switchboard.rules;

import static dev.switchboard.rules.RuleFixtures.act;
import static dev.switchboard.rules.RuleFixtures.cond;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.rules.RuleFixtures.TestChannel;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.WebhookReceiver.Hit;
import dev.switchboard.support.WebhookReceiver.Reply;

/**
 * The http_request action: placeholders filled and escaped for where they land, method, URL and
 * headers as configured, and delivery through the durable pipeline (retries, order per case).
 */
class RuleHttpActionTest extends SwitchboardTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final WebhookReceiver PEER = new WebhookReceiver();
    private static final RecordingServer RECORDER = new RecordingServer();

    /** A customer's text that tries everything: quotes, backslashes, line breaks, "}, markup, unicode. */
    private static final String HOSTILE = "He said \"hi\" \\ C:\\path\\n\nnext line\r\n\ttab \"}, \"injected\": true, "
            + "\"x\": {\"y\": \"</script><script>alert(1)</script> Привет 😀 \u2028 [user_email] $1";

    private static final String SEED_LIKE_BODY = "{\"event\":\"new_message\",\"message\":{\"kind\":\"text\","
            + "\"text\":\"[case_description]\",\"same\":\"[message_text]\"},\"case\":{\"id\":\"[case_id]\","
            + "\"number\":\"[case_number]\",\"subject\":\"[case_subject]\",\"staff_id\":\"[staff_id]\","
            + "\"group_id\":\"[group_id]\",\"channel\":\"[channel]\"},\"visitor\":{\"id\":\"[user_id]\","
            + "\"email\":\"[user_email]\",\"phone\":\"[user_phone]\",\"name\":\"[user_full_name]\","
            + "\"custom_id\":\"[user_custom_id]\"},\"chat_id\":[case_id],\"unknown\":\"[not_a_placeholder]\"}";

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

    @AfterAll
    static void stopReceivers() {
        PEER.close();
        RECORDER.close();
    }

    @Test
    void aJsonBodyGetsEveryPlaceholderEscapedSoHostileTextStaysData() throws Exception {
        TestChannel ch = fx().channel("sync");
        String path = PEER.newPath();
        long person = fx().staff().get("staff_id").asLong();
        long group = fx().group();
        String unique = UUID.randomUUID().toString().substring(0, 8);
        long rule = fx().rule("new_case", ch, List.of(), List.of(
                act("assign", "staff_id", person),
                act("http_request", "method", "POST", "url", PEER.url(path), "content_type", "application/json",
                        "headers", Map.of("X-Case", "[case_id]", "Authorization", "Bearer abc.def"),
                        "body", SEED_LIKE_BODY)));
        String email = "anna." + unique + "@example.com";
        String name = "Anna \"Nana\" K\\ </script>";
        String subject = "Subject \"}{\" \\ 😀";

        JsonNode created = fx().newCase(ch, HOSTILE, "user_custom_id", "visitor-" + unique, "user_email", email,
                "user_phone", "+1 (555) 010-2030", "user_full_name", name, "subject", subject, "group_id", group);
        long caseId = created.get("case_id").asLong();

        Hit hit = await().atMost(PATIENCE).until(() -> PEER.delivered(path), hits -> !hits.isEmpty()).get(0);
        assertThat(hit.header("Content-Type")).startsWith("application/json");
        assertThat(hit.header("X-Case")).isEqualTo(Long.toString(caseId));
        assertThat(hit.header("Authorization")).isEqualTo("Bearer abc.def");
        assertThat(hit.header("User-Agent")).isEqualTo("Switchboard");
        JsonNode body = DeskClient.JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(hit.body());
        assertThat(fieldNames(body)).containsExactly("event", "message", "case", "visitor", "chat_id", "unknown");
        assertThat(fieldNames(body.get("message"))).containsExactly("kind", "text", "same");
        assertThat(body.get("message").get("text").asText()).isEqualTo(HOSTILE);
        assertThat(body.get("message").get("same").asText()).isEqualTo(HOSTILE);
        JsonNode deskCase = body.get("case");
        assertThat(deskCase.get("id").asText()).isEqualTo(Long.toString(caseId));
        assertThat(deskCase.get("number").asText()).isEqualTo(created.get("case_number").asText());
        assertThat(deskCase.get("subject").asText()).isEqualTo(subject);
        assertThat(deskCase.get("staff_id").asText()).as("as assigned by the earlier action").isEqualTo(Long.toString(person));
        assertThat(deskCase.get("group_id").asText()).isEqualTo(Long.toString(group));
        assertThat(deskCase.get("channel").asText()).isEqualTo(ch.code());
        JsonNode visitor = body.get("visitor");
        assertThat(visitor.get("id").asText()).isEqualTo(created.get("user_id").asText());
        assertThat(visitor.get("email").asText()).isEqualTo(email);
        assertThat(visitor.get("phone").asText()).isEqualTo("+15550102030");
        assertThat(visitor.get("name").asText()).isEqualTo(name);
        assertThat(visitor.get("custom_id").asText()).isEqualTo("visitor-" + unique);
        assertThat(body.get("chat_id").asLong()).isEqualTo(caseId);
        assertThat(body.get("unknown").asText()).isEqualTo("[not_a_placeholder]");

        // the firing names the delivery the receiver saw
        String actions = fx().firings(caseId).get(0).get("actions").toString();
        assertThat(fx().fired(caseId)).containsExactly(rule);
        assertThat(actions).contains("HTTP POST").contains(hit.header("X-Switchboard-Delivery"));
        assertThat(PEER.hits(path)).hasSize(1);
    }

    @Test
    void aHeaderValueCannotInjectAnotherHeader() {
        TestChannel ch = fx().channel("async");
        String path = PEER.newPath();
        fx().rule("new_case", ch, List.of(), List.of(act("http_request", "url", PEER.url(path),
                "headers", Map.of("X-Text", "said: [message_text]"), "body", "{}")));

        fx().newCase(ch, "hello\r\nX-Injected: yes\r\n\r\n{\"smuggled\":1}");

        Hit hit = await().atMost(PATIENCE).until(() -> PEER.delivered(path), hits -> !hits.isEmpty()).get(0);
        assertThat(hit.header("X-Text")).isEqualTo("said: hello X-Injected: yes {\"smuggled\":1}");
        assertThat(hit.headers()).doesNotContainKey("x-injected");
        assertThat(hit.body()).isEqualTo("{}");
    }

    @Test
    void aFormBodyIsUrlEncoded() {
        TestChannel ch = fx().channel("async");
        String path = PEER.newPath();
        fx().rule("new_case", ch, List.of(), List.of(act("http_request", "method", "POST", "url", PEER.url(path),
                "content_type", "application/x-www-form-urlencoded",
                "body", "text=[message_text]&case=[case_id]&name=[user_full_name]")));

        long caseId = fx().newCase(ch, "a=b&c=d + 100% \"sure\"\nok", "user_full_name", "Zoë & Co")
                .get("case_id").asLong();

        Hit hit = await().atMost(PATIENCE).until(() -> PEER.delivered(path), hits -> !hits.isEmpty()).get(0);
        assertThat(hit.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : hit.body().split("&")) {
            String[] kv = pair.split("=", -1);
            assertThat(kv).as(hit.body()).hasSize(2);
            fields.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(fields).containsExactly(Map.entry("text", "a=b&c=d + 100% \"sure\"\nok"),
                Map.entry("case", Long.toString(caseId)), Map.entry("name", "Zoë & Co"));
    }

    @Test
    void methodUrlPlaceholdersAndBodies() throws Exception {
        TestChannel ch = fx().channel("async");
        String base = "/rec/" + UUID.randomUUID();
        fx().rule("new_case", ch, List.of(), List.of(
                act("http_request", "method", "PUT", "url", RECORDER.url(base + "/put/[case_id]?text=[message_text]"),
                        "content_type", "text/plain", "body", "plain [message_text]"),
                act("http_request", "method", "GET", "url", RECORDER.url(base + "/get?c=[channel]"), "body", "ignored"),
                act("http_request", "method", "DELETE", "url", RECORDER.url(base + "/delete/[case_id]")),
                act("http_request", "method", "PATCH", "url", RECORDER.url(base + "/patch"),
                        "body", "{\"t\":\"[message_text]\"}")));

        String text = "x y/z?&=#\"";
        long caseId = fx().newCase(ch, text).get("case_id").asLong();

        RecordingServer.Request put = await().atMost(PATIENCE)
                .until(() -> RECORDER.requests(base + "/put/" + caseId), r -> !r.isEmpty()).get(0);
        assertThat(put.method()).isEqualTo("PUT");
        assertThat(put.rawQuery()).startsWith("text=");
        assertThat(URLDecoder.decode(put.rawQuery().substring(5), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(put.header("Content-Type")).startsWith("text/plain");
        assertThat(put.body()).as("a text/plain body takes the text as it is").isEqualTo("plain " + text);

        RecordingServer.Request get = await().atMost(PATIENCE)
                .until(() -> RECORDER.requests(base + "/get"), r -> !r.isEmpty()).get(0);
        assertThat(get.method()).isEqualTo("GET");
        assertThat(get.rawQuery()).isEqualTo("c=" + ch.code());
        assertThat(get.body()).isEmpty();

        RecordingServer.Request delete = await().atMost(PATIENCE)
                .until(() -> RECORDER.requests(base + "/delete/" + caseId), r -> !r.isEmpty()).get(0);
        assertThat(delete.method()).isEqualTo("DELETE");
        assertThat(delete.body()).isEmpty();

        RecordingServer.Request patch = await().atMost(PATIENCE)
                .until(() -> RECORDER.requests(base + "/patch"), r -> !r.isEmpty()).get(0);
        assertThat(patch.method()).isEqualTo("PATCH");
        assertThat(patch.header("Content-Type")).as("JSON unless told otherwise").startsWith("application/json");
        assertThat(DeskClient.JSON.readTree(patch.body()).get("t").asText()).isEqualTo(text);
    }

    @Test
    void aReceiverFailingTwiceGetsTheRequestOnceThroughRetries() {
        try (WebhookReceiver flaky = new WebhookReceiver()) {
            String path = flaky.newPath();
            flaky.behave(path, (p, body, attempt) -> Reply.of(attempt <= 2 ? 503 : 200));
            TestChannel ch = fx().channel("async");
            fx().rule("new_case", ch, List.of(), List.of(act("http_request", "url", flaky.url(path),
                    "body", "{\"case\":[case_id],\"text\":\"[message_text]\"}")));

            long caseId = fx().newCase(ch, "retry me").get("case_id").asLong();

            await().atMost(PATIENCE).until(() -> flaky.delivered(path).size() == 1);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(6))
                    .until(() -> flaky.hits(path).size() == 3);
            List<Hit> hits = flaky.hits(path);
            assertThat(hits).extracting(Hit::answered).containsExactly(503, 503, 200);
            assertThat(hits).extracting(h -> h.header("X-Switchboard-Delivery")).doesNotContainNull()
                    .containsOnly(hits.get(0).header("X-Switchboard-Delivery"));
            assertThat(hits).extracting(Hit::body).containsOnly("{\"case\":" + caseId + ",\"text\":\"retry me\"}");
            assertThat(flaky.delivered(path)).hasSize(1);
            // the record on the case names the method used (POST when none is given) and the delivery
            assertThat(fx().firings(caseId).get(0).get("actions").get(0).asText())
                    .startsWith("HTTP POST " + flaky.url(path))
                    .endsWith(hits.get(0).header("X-Switchboard-Delivery"));
        }
    }

    @Test
    void requestsOfOneCaseArriveInTheOrderOfItsChanges() {
        try (WebhookReceiver slow = new WebhookReceiver()) {
            String path = slow.newPath();
            // the first attempt fails: what came later must wait for it
            slow.behave(path, (p, body, attempt) -> Reply.of(attempt == 1 ? 503 : 200));
            TestChannel ch = fx().channel("async");
            fx().rule("changed_case", ch, List.of(cond("change", "is", "customer_message")),
                    List.of(act("http_request", "url", slow.url(path), "body", "{\"text\":\"[message_text]\"}")));
            JsonNode deskCase = fx().newCase(ch, "Hello");

            List<String> sent = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                sent.add("message " + i);
                fx().customerWrites(deskCase, "message " + i);
            }

            await().atMost(PATIENCE).until(() -> slow.delivered(path).size() == 4);
            assertThat(slow.delivered(path)).extracting(h -> text(h.body())).containsExactlyElementsOf(sent);
            assertThat(slow.hits(path)).hasSize(5);
        }
    }

    /** The "text" of a delivered JSON body. */
    private static String text(String body) {
        try {
            return DeskClient.JSON.readTree(body).get("text").asText();
        } catch (Exception e) {
            throw new IllegalStateException(body, e);
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
