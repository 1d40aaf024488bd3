package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.assertClientError;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.channelCode;
import static dev.switchboard.desk.api.ApiFixtures.email;
import static dev.switchboard.desk.api.ApiFixtures.emailCase;
import static dev.switchboard.desk.api.ApiFixtures.getCase;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static dev.switchboard.desk.api.ApiFixtures.total;
import static dev.switchboard.desk.api.ApiFixtures.uid;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.SwitchboardTest;

/**
 * Bad input of every kind on the writing endpoints: each answer is a 4xx with a JSON
 * {"error","description"} body, never a 5xx, and a refused request stores nothing.
 */
class BadInputTest extends SwitchboardTest {

    private static final HttpClient HTTP11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final int OVER_ONE_MB = 1_300_000;

    private DeskClient api() {
        return admin();
    }

    /** A writing endpoint, its envelope name and a body it accepts. */
    private record Endpoint(String method, String path, String envelope, Map<String, Object> valid,
            List<String> wrongTypes) {
        String name() {
            return method + " " + path;
        }
    }

    private List<Endpoint> endpoints() {
        JsonNode c = emailCase(api(), email());
        long caseId = c.get("case_id").asLong();
        return List.of(
                new Endpoint("POST", "/api/cases.json", "case", obj("user_email", email(), "content", "x"), List.of(
                        "{\"case\":{\"user_email\":\"" + email() + "\",\"content\":\"x\",\"user_id\":\"abc\"}}",
                        "{\"case\":{\"user_email\":\"" + email() + "\",\"content\":{\"text\":\"x\"}}}",
                        "{\"case\":{\"user_email\":\"" + email() + "\",\"content\":\"x\",\"labels\":\"5\"}}",
                        "{\"case\":{\"user_email\":\"" + email() + "\",\"content\":\"x\",\"labels\":[true]}}",
                        "{\"case\":{\"user_email\":\"" + email() + "\",\"content\":\"x\",\"staff_id\":1.5}}",
                        "{\"case\":{\"user_email\":\"" + email() + "\",\"content\":\"x\",\"group_id\":"
                                + "99999999999999999999999}}",
                        "{\"case\":{\"user_email\":[\"" + email() + "\"],\"content\":\"x\"}}")),
                new Endpoint("POST", "/api/cases/" + caseId + "/messages.json", "message", obj("content", "x"), List.of(
                        "{\"message\":{\"content\":\"x\",\"user_id\":\"abc\"}}",
                        "{\"message\":{\"content\":[\"x\"]}}",
                        "{\"message\":{\"content\":\"x\",\"staff_id\":{\"id\":1}}}",
                        "{\"message\":{\"content\":\"x\",\"attachment_urls\":\"http://x\"}}")),
                new Endpoint("PUT", "/api/cases/" + caseId + ".json", "case", obj("priority", "low"), List.of(
                        "{\"case\":{\"staff_id\":\"abc\"}}",
                        "{\"case\":{\"subject\":{\"x\":1}}}",
                        "{\"case\":{\"add_labels\":[{\"id\":1}]}}",
                        "{\"case\":{\"delete_labels\":7}}",
                        "{\"case\":{\"status\":[\"open\"]}}")),
                new Endpoint("POST", "/api/users.json", "user", obj("user_email", email()), List.of(
                        "{\"user\":{\"user_email\":{\"x\":1}}}",
                        "{\"user\":{\"user_email\":\"" + email() + "\",\"user_full_name\":[1,2]}}",
                        "{\"user\":{\"user_phone\":true}}")),
                new Endpoint("POST", "/api/custom_channels.json", "custom_channel", obj("title", "t " + uid(),
                        "webhook_url", "https://example.com/" + uid()), List.of(
                        "{\"custom_channel\":{\"title\":\"x\",\"webhook_url\":\"https://e.com\",\"active\":\"maybe\"}}",
                        "{\"custom_channel\":{\"title\":{\"a\":1},\"webhook_url\":\"https://e.com\"}}",
                        "{\"custom_channel\":{\"title\":\"x\",\"webhook_url\":[\"https://e.com\"]}}")));
    }

    @Test
    void theValidBodiesUsedBelowAreAccepted() {
        for (Endpoint e : endpoints()) {
            Answer answer = api().raw(e.method(), e.path(), "application/json", json(obj(e.envelope(), e.valid())));
            assertThat(answer.status()).as(e.name() + " " + answer.body()).isBetween(200, 201);
        }
    }

    @Test
    void malformedOrMisshapenJsonIs400WithAJsonError() {
        SoftAssertions soft = new SoftAssertions();
        for (Endpoint e : endpoints()) {
            List<String> bodies = new ArrayList<>(List.of(
                    "{\"" + e.envelope() + "\": {",
                    "{\"" + e.envelope() + "\": {\"a\": 1,}}",
                    "{'" + e.envelope() + "': {}}",
                    "not json at all",
                    "[]",
                    "[" + json(obj(e.envelope(), e.valid())) + "]",
                    "\"just a string\"",
                    "42",
                    "null",
                    "",
                    "{}",
                    "{\"" + e.envelope() + "\": null}",
                    "{\"" + e.envelope() + "\": \"text\"}",
                    "{\"" + e.envelope() + "\": 5}",
                    "{\"" + e.envelope() + "\": []}",
                    json(e.valid()) /* the fields without the envelope */,
                    "[".repeat(5000) + "]".repeat(5000)));
            bodies.addAll(e.wrongTypes());
            for (String body : bodies) {
                Answer answer = api().raw(e.method(), e.path(), "application/json", body);
                soft.assertThat(answer.status()).as(e.name() + " <- " + abbreviate(body) + " -> " + answer.body())
                        .isEqualTo(400);
                soft.check(() -> assertClientError(answer));
            }
        }
        soft.assertAll();
    }

    @Test
    void missingRequiredFieldsAre400MissingField() {
        long caseId = emailCase(api(), email()).get("case_id").asLong();
        assertError(api().post("/api/cases.json", obj("case", obj("user_email", email()))), 400, "missing_field");
        assertError(api().post("/api/cases.json", obj("case", obj("user_email", email(), "content", "   "))), 400,
                "missing_field");
        assertError(api().post("/api/cases.json", obj("case", obj("content", "who am I"))), 400, "missing_field");
        assertError(api().post("/api/cases.json", obj("case", obj("user_custom_id", "u-" + uid(), "content", "x"))),
                400, "missing_field");
        assertError(api().post("/api/cases/" + caseId + "/messages.json", obj("message", obj())), 400,
                "missing_field");
        assertError(api().post("/api/users.json", obj("user", obj("user_full_name", "nobody"))), 400,
                "missing_field");
        assertError(api().post("/api/custom_channels.json", obj("custom_channel", obj("title", "t"))), 400,
                "missing_field");
        assertError(api().post("/api/cases.json", obj("subject", "flat", "user_email", email(), "content", "x")),
                400, "missing_field");
    }

    @Test
    void unknownIdsAreRefusedByName() {
        long caseId = emailCase(api(), email()).get("case_id").asLong();
        String put = "/api/cases/" + caseId + ".json";
        long none = 999_999_999L;
        assertError(api().post("/api/cases.json", obj("case", obj("user_id", none, "content", "x"))), 400,
                "user_not_found");
        assertError(api().post("/api/cases.json", obj("case", obj("user_email", email(), "content", "x",
                "labels", List.of(none)))), 400, "label_not_found");
        assertError(api().post("/api/cases.json", obj("case", obj("user_email", email(), "content", "x",
                "group_id", none))), 400, "group_not_found");
        assertError(api().post("/api/cases.json", obj("case", obj("user_email", email(), "content", "x",
                "staff_id", none))), 400, "staff_not_found");
        assertError(api().post("/api/cases.json", obj("case", obj("user_email", "nope@", "content", "x"))), 400,
                "incorrect_user_email");
        assertError(api().post("/api/cases.json", obj("case", obj("user_phone", "call me", "content", "x"))), 400,
                "incorrect_user_phone");
        assertError(api().post("/api/cases.json", obj("case", obj("user_email", email(), "content", "x",
                "status", "pending"))), 400, "invalid_field");
        assertError(api().post("/api/cases.json", obj("case", obj("user_email", email(), "content", "x",
                "priority", "urgent"))), 400, "invalid_field");
        assertError(api().post("/api/cases.json", obj("case", obj("user_email", email(), "content", "x",
                "attachment_urls", List.of("http://127.0.0.1:9/a.png")))), 400, "attachment_unreachable");
        assertError(api().put(put, obj("case", obj("add_labels", List.of(none)))), 400, "label_not_found");
        assertError(api().put(put, obj("case", obj("delete_labels", List.of(none)))), 400, "label_not_found");
        assertError(api().put(put, obj("case", obj("group_id", none))), 400, "group_not_found");
        assertError(api().put(put, obj("case", obj("staff_id", none))), 400, "staff_not_found");
        assertError(api().put(put, obj("case", obj("status", "done"))), 400, "invalid_field");
        assertError(api().put(put, obj("case", obj("subject", "  "))), 400, "invalid_field");
        assertError(api().put("/api/cases/" + none + ".json", obj("case", obj("status", "closed"))), 404,
                "case_not_found");
        assertError(api().post("/api/cases/" + none + "/messages.json", obj("message", obj("content", "x"))), 404,
                "case_not_found");
        JsonNode after = getCase(api(), caseId);
        assertThat(after.get("status").asText()).isEqualTo("open");
        assertThat(after.get("labels").size()).isZero();
    }

    @Test
    void queryParametersOfTheWrongTypeAre400() {
        for (String path : List.of("/api/cases.json?page=x", "/api/cases.json?limit=1.5", "/api/cases.json?limit=-1",
                "/api/cases.json?staff_id=me", "/api/cases.json?labels=a,b", "/api/cases.json?group_id%5B%5D=x",
                "/api/cases.json?from_time=soon", "/api/users.json?page=-2", "/api/users.json?from_time=1e9",
                "/api/users/abc.json", "/api/staff/abc.json", "/api/labels.json?limit=1000",
                "/api/custom_channels.json?page=-5", "/api/cases/1/messages.json?page=zero")) {
            Answer answer = api().get(path);
            assertThat(answer.status()).as(path + " -> " + answer.body()).isEqualTo(400);
            assertClientError(answer);
        }
    }

    @Test
    void oversizedBodiesAre413WithContentLengthAndChunked() {
        String channel = channelCode(api());
        String customId = "big-" + uid();
        String big = "я".repeat(OVER_ONE_MB / 2);
        String jsonBody = json(obj("case", obj("user_custom_id", customId, "channel", channel, "content", big)));
        assertThat(jsonBody.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(1024 * 1024);

        Answer withLength = send("POST", "/api/cases.json", "application/json", jsonBody, false);
        assertError(withLength, 413, "payload_too_large");
        Answer chunked = send("POST", "/api/cases.json", "application/json", jsonBody, true);
        assertError(chunked, 413, "payload_too_large");

        long caseId = emailCase(api(), email()).get("case_id").asLong();
        String message = json(obj("message", obj("content", big)));
        assertError(send("POST", "/api/cases/" + caseId + "/messages.json", "application/json", message, true), 413,
                "payload_too_large");
        assertError(send("PUT", "/api/cases/" + caseId + ".json", "application/json",
                json(obj("case", obj("subject", big))), true), 413, "payload_too_large");
        assertError(send("POST", "/api/users.json", "application/json",
                json(obj("user", obj("user_email", email(), "user_full_name", big))), false), 413,
                "payload_too_large");
        assertError(send("POST", "/api/custom_channels.json", "application/json",
                json(obj("custom_channel", obj("title", big, "webhook_url", "https://e.com"))), true), 413,
                "payload_too_large");

        assertThat(total(api(), "/api/users.json?user_custom_id=" + customId + "&user_custom_channel=" + channel))
                .isZero();
        assertThat(total(api(), "/api/cases/" + caseId + "/messages.json")).isEqualTo(1);
    }

    @Test
    void oversizedFormBodiesAre413WithContentLengthAndChunked() {
        String channel = channelCode(api());
        String customId = "bigform-" + uid();
        // 170,000 Cyrillic letters: about 1 MB of percent-encoded form body, far less as stored text
        String form = "case[user_custom_id]=" + customId + "&case[channel]=" + channel + "&case[content]="
                + URLEncoder.encode("я".repeat(190_000), StandardCharsets.UTF_8);
        assertThat(form.length()).isGreaterThan(1024 * 1024);

        assertError(send("POST", "/api/cases.json", "application/x-www-form-urlencoded", form, false), 413,
                "payload_too_large");
        Answer chunked = send("POST", "/api/cases.json", "application/x-www-form-urlencoded", form, true);
        assertError(chunked, 413, "payload_too_large");

        assertThat(total(api(), "/api/users.json?user_custom_id=" + customId + "&user_custom_channel=" + channel))
                .isZero();
    }

    @Test
    void otherContentTypesAre415() {
        long caseId = emailCase(api(), email()).get("case_id").asLong();
        List<String[]> requests = List.of(
                new String[] {"POST", "/api/cases.json", "<case><user_email>a@b.cd</user_email><content>x</content></case>"},
                new String[] {"POST", "/api/cases/" + caseId + "/messages.json", "<message><content>x</content></message>"},
                new String[] {"PUT", "/api/cases/" + caseId + ".json", "<case><status>closed</status></case>"},
                new String[] {"POST", "/api/users.json", "<user><user_email>a@b.cd</user_email></user>"},
                new String[] {"POST", "/api/custom_channels.json", "<custom_channel/>"});
        for (String[] r : requests) {
            for (String type : List.of("application/xml", "text/xml", "text/plain", "application/octet-stream")) {
                Answer answer = api().raw(r[0], r[1], type, r[2]);
                assertThat(answer.status()).as(r[0] + " " + r[1] + " as " + type + " -> " + answer.body())
                        .isEqualTo(415);
                assertError(answer, 415, "unsupported_media_type");
            }
        }
        assertThat(getCase(api(), caseId).get("status").asText()).isEqualTo("open");
    }

    @Test
    void missingOrWrongCredentialsAre401WithAChallenge() {
        DeskClient anonymous = api().anonymous();
        List<DeskClient> clients = List.of(anonymous, api().as(AppTest.ADMIN_EMAIL, "wrong-key"),
                api().as("nobody-" + uid() + "@example.com", AppTest.ADMIN_KEY), api().as("", ""));
        for (DeskClient client : clients) {
            for (Answer answer : List.of(client.get("/api/cases.json"),
                    client.post("/api/cases.json", obj("case", obj("user_email", email(), "content", "x"))),
                    client.put("/api/cases/1.json", obj("case", obj("status", "closed"))),
                    client.post("/api/users.json", obj("user", obj("user_email", email()))),
                    client.post("/api/custom_channels.json", obj("custom_channel", obj("title", "x"))),
                    client.get("/api/nothing-here.json"),
                    client.raw("POST", "/api/cases.json", "application/json", "{broken"))) {
                assertError(answer, 401, "unauthorized");
                assertThat(answer.header("WWW-Authenticate")).as(answer.body()).isEqualTo("Basic realm=\"Switchboard\"");
            }
        }
        for (String header : List.of("Basic !!!not-base64!!!", "Bearer " + AppTest.ADMIN_KEY,
                "Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8)))) {
            Answer answer = sendWithAuthorization(header);
            assertThat(answer.status()).as(header + " -> " + answer.body()).isEqualTo(401);
            assertThat(answer.header("Content-Type")).startsWith("application/json");
            assertThat(answer.json().path("error").asText()).isEqualTo("unauthorized");
            assertThat(answer.header("WWW-Authenticate")).startsWith("Basic realm=");
        }
    }

    @Test
    void unknownEndpointsAre404AndWrongMethods405() {
        for (String path : List.of("/api/nothing.json", "/api/cases/1/whatever.json", "/api/v2/cases.json",
                "/api/cases/1/messages/2/3.json", "/api/companies.json")) {
            Answer answer = api().get(path);
            assertThat(answer.status()).as(path + " -> " + answer.body()).isEqualTo(404);
            assertClientError(answer);
        }
        long caseId = emailCase(api(), email()).get("case_id").asLong();
        for (String[] r : List.of(new String[] {"DELETE", "/api/cases.json"},
                new String[] {"PATCH", "/api/cases/" + caseId + ".json"},
                new String[] {"POST", "/api/cases/" + caseId + ".json"},
                new String[] {"PUT", "/api/cases.json"},
                new String[] {"DELETE", "/api/users.json"},
                new String[] {"PUT", "/api/custom_channels.json"},
                new String[] {"PUT", "/api/cases/" + caseId + "/messages.json"})) {
            Answer answer = api().raw(r[0], r[1], "application/json", "{}");
            assertThat(answer.status()).as(r[0] + " " + r[1] + " -> " + answer.body()).isEqualTo(405);
            assertError(answer, 405, "method_not_allowed");
        }
        assertThat(getCase(api(), caseId).get("status").asText()).isEqualTo("open");
    }

    @Test
    void malformedFormBodiesAre400() {
        long label = ApiFixtures.label(api());
        String base = "case[user_email]=" + email() + "&case[content]=x";
        for (String form : List.of(
                base + "&case[labels][]=abc",
                base + "&case=flat",
                base + "&case[labels][]=" + label + "&case[labels][x]=2",
                base + "&case[labels][99999999999]=" + label,
                base + "&case[staff_id]=me",
                "%%%=%%%",
                "case[user_email]=" + email() + "&case[content][]=x")) {
            Answer answer = api().raw("POST", "/api/cases.json", "application/x-www-form-urlencoded", form);
            assertThat(answer.status()).as(form + " -> " + answer.body()).isEqualTo(400);
            assertClientError(answer);
        }
    }

    /** Values longer than the columns that store them are refused as input errors, not failed as 500s. */
    @Test
    void overlongValuesAre400NotServerErrors() {
        long caseId = emailCase(api(), email()).get("case_id").asLong();
        long userId = getCase(api(), caseId).get("user_id").asLong();
        String channel = channelCode(api());
        String fresh = "overlong-" + uid();
        List<Answer> answers = List.of(
                api().post("/api/cases.json", obj("case", obj("user_email", email(), "content", "x",
                        "subject", "s".repeat(1001)))),
                api().post("/api/cases.json", obj("case", obj("user_email", email(), "content", "x",
                        "user_full_name", "n".repeat(201)))),
                api().put("/api/cases/" + caseId + ".json", obj("case", obj("subject", "s".repeat(1001)))),
                api().post("/api/users.json", obj("user", obj("user_custom_id", "c".repeat(321),
                        "user_custom_channel", channel))),
                api().put("/api/users/" + userId + ".json", obj("user", obj("company_name", "c".repeat(201)))),
                api().post("/api/staff.json", obj("staff", obj("staff_email", "long-" + uid() + "@example.com",
                        "staff_full_name", "f".repeat(201)))),
                api().post("/api/groups.json", obj("group", obj("group_title", "g-" + uid(),
                        "group_from_name", "f".repeat(201)))),
                api().post("/api/cases.json", obj("case", obj("user_custom_id", fresh, "channel", channel,
                        "content", "x", "subject", "s".repeat(1001)))));
        SoftAssertions soft = new SoftAssertions();
        for (int i = 0; i < answers.size(); i++) {
            Answer answer = answers.get(i);
            soft.assertThat(answer.status()).as("request " + i + " -> " + answer.body()).isEqualTo(400);
            soft.assertThat(answer.json().path("error").asText()).as("request " + i).isEqualTo("invalid_field");
        }
        soft.assertThat(total(api(), "/api/users.json?user_custom_id=" + fresh + "&user_custom_channel=" + channel))
                .as("the refused case stored no user").isZero();
        soft.assertAll();
    }

    @Test
    void aRefusedRequestStoresNothing() {
        String channel = channelCode(api());
        String fresh = "fresh-" + uid();
        String existing = "existing-" + uid();
        long existingUser = ApiFixtures.customCase(api(), channel, existing).get("user_id").asLong();
        long none = 999_999_999L;

        for (String customId : List.of(fresh, existing)) {
            List<Answer> refused = List.of(
                    api().post("/api/cases.json", obj("case", obj("user_custom_id", customId, "channel", channel,
                            "content", "x", "labels", List.of(none)))),
                    api().post("/api/cases.json", obj("case", obj("user_custom_id", customId, "channel", channel,
                            "content", "x", "group_id", none))),
                    api().post("/api/cases.json", obj("case", obj("user_custom_id", customId, "channel", channel,
                            "content", "x", "user_email", "broken@"))),
                    api().post("/api/cases.json", obj("case", obj("user_custom_id", customId, "channel", channel,
                            "content", "x", "status", "pending"))),
                    api().post("/api/cases.json", obj("case", obj("user_custom_id", customId, "channel", channel,
                            "content", "x", "attachment_urls", List.of("https://e.com/f.png")))),
                    api().raw("POST", "/api/cases.json", "application/json", "{\"case\":{\"user_custom_id\":\""
                            + customId + "\",\"channel\":\"" + channel + "\",\"content\":\"x\",\"staff_id\":\"x\"}}"),
                    api().post("/api/users.json", obj("user", obj("user_custom_id", customId,
                            "user_custom_channel", channel, "user_email", "broken@"))));
            for (Answer answer : refused) {
                assertThat(answer.status()).as(customId + " -> " + answer.body()).isBetween(400, 499);
            }
        }

        assertThat(total(api(), "/api/users.json?user_custom_id=" + fresh + "&user_custom_channel=" + channel))
                .isZero();
        assertThat(total(api(), "/api/cases.json?user_custom_id=" + fresh)).isZero();
        assertThat(total(api(), "/api/cases.json?user_id=" + existingUser)).isEqualTo(1);
        assertThat(total(api(), "/api/cases.json?channel=" + channel)).isEqualTo(1);
    }

    // --- raw HTTP, for bodies DeskClient does not send (chunked, odd Authorization headers) ---

    private Answer send(String method, String path, String contentType, String body, boolean chunked) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.BodyPublisher publisher = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                : HttpRequest.BodyPublishers.ofByteArray(bytes);
        HttpRequest request = HttpRequest.newBuilder(URI.create(api().base() + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", basic(AppTest.ADMIN_EMAIL + ":" + AppTest.ADMIN_KEY))
                .header("Content-Type", contentType)
                .method(method, publisher).build();
        return exchange(request);
    }

    private Answer sendWithAuthorization(String authorization) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(api().base() + "/api/cases.json"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", authorization).GET().build();
        return exchange(request);
    }

    private static Answer exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP11.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode json;
            try {
                json = response.body().isEmpty() ? MissingNode.getInstance() : DeskClient.JSON.readTree(response.body());
            } catch (IOException notJson) {
                json = MissingNode.getInstance();
            }
            return new Answer(response.statusCode(), response.body(), json, response);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(Object value) {
        try {
            return DeskClient.JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 120 ? body : body.substring(0, 120) + "...";
    }
}
