package dev.switchboard.desk.api;

import static dev.switchboard.desk.api.ApiFixtures.email;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.RawHttp;
import dev.switchboard.support.SwitchboardTest;

/**
 * What the bad-input command ({@code mvn -Pbadinput verify}) found, kept as tests: requests that
 * Tomcat, the security firewall, the form reader or the actuator used to answer with a 500, an HTML
 * page or an empty body. Sent as raw bytes, since a well-behaved HTTP client refuses to send most
 * of them.
 */
class WireLevelBadInputTest extends SwitchboardTest {

    private String basic() {
        return "Authorization: Basic " + Base64.getEncoder()
                .encodeToString((ADMIN_EMAIL + ":" + ADMIN_KEY).getBytes(StandardCharsets.UTF_8));
    }

    private RawHttp.Response post(String path, String contentType, String body, String... headers) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + basic() + "\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + bytes.length + "\r\nConnection: close"
                + (headers.length == 0 ? "" : "\r\n" + String.join("\r\n", headers));
        return RawHttp.send(port, head, bytes);
    }

    private static JsonNode jsonError(RawHttp.Response response) {
        assertThat(response.status()).as(response.body()).isBetween(400, 499);
        assertThat(response.header("Content-Type")).as(response.body()).startsWith("application/json");
        JsonNode body = read(response.body());
        assertThat(body.path("error").asText()).as(response.body()).matches("[a-z][a-z_]*");
        return body;
    }

    private static JsonNode read(String body) {
        try {
            return DeskClient.JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    private long cases() {
        return admin().get("/api/cases.json?limit=1").json().get("total_count").asLong();
    }

    @Test
    void formFieldNamesNestedThousandsDeepAre400NotAStackOverflow() {
        long before = cases();
        String deep = "case[user_email]=" + email() + "&case[content]=x&case" + "[a]".repeat(5000) + "=1";

        RawHttp.Response answer = post("/api/cases.json", "application/x-www-form-urlencoded", deep);

        JsonNode error = jsonError(answer);
        assertThat(answer.status()).isEqualTo(400);
        assertThat(error.get("error").asText()).isEqualTo("invalid_field");
        assertThat(error.get("description").asText()).contains("nested deeper than 16");
        assertThat(cases()).isEqualTo(before);
    }

    @Test
    void aWildcardContentTypeIs415() {
        RawHttp.Response answer = post("/api/cases.json", "*/*", "{\"case\":{\"user_email\":\"" + email()
                + "\",\"content\":\"x\"}}");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(jsonError(answer).get("error").asText()).isEqualTo("unsupported_media_type");
    }

    @Test
    void aKeyTwiceInOneObjectIsInvalidJson() {
        long before = cases();
        RawHttp.Response answer = post("/api/cases.json", "application/json", "{\"case\":{\"user_email\":\"" + email()
                + "\",\"content\":\"x\",\"content\":\"y\"}}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(jsonError(answer).get("error").asText()).isEqualTo("invalid_json");
        assertThat(cases()).isEqualTo(before);
    }

    /** Negotiated, the case would have been created and its answer turned into an empty 406. */
    @Test
    void anAcceptTheApiCannotMeetStillGetsTheJsonAnswerOfWhatWasDone() {
        RawHttp.Response answer = post("/api/cases.json", "application/json", "{\"case\":{\"user_email\":\"" + email()
                + "\",\"content\":\"x\"}}", "Accept: image/png");

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        assertThat(read(answer.body()).path("case").path("case_id").asLong()).isPositive();
    }

    @Test
    void aRequestLineTomcatCannotParseGetsAJsonErrorInBothShapes() {
        RawHttp.Response answer = RawHttp.send(port, "POST /api/bot/v2/close_chat` HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Length: 0\r\nConnection: close");

        JsonNode error = jsonError(answer);
        assertThat(answer.status()).isEqualTo(400);
        // no path was read, so the answer cannot know it is the bot API's: both description fields
        assertThat(error.path("description").asText()).isNotBlank();
        assertThat(error.path("desc").asText()).isNotBlank();
    }

    @Test
    void unknownMethodsAreJsonErrors() {
        for (String method : new String[] {"FOO", "TRACE"}) {
            RawHttp.Response answer = RawHttp.send(port, method + " /api/cases.json HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + basic() + "\r\nConnection: close");

            assertThat(jsonError(answer).path("description").asText()).as(method).isNotBlank();
        }
    }

    /** UTF-8 in a header reaches the firewall as Latin-1 bytes 0x80-0xFF (RFC 9110 obs-text). */
    @Test
    void utf8InAHeaderValueIsAccepted() {
        RawHttp.Response answer = RawHttp.send(port, "GET /api/cases.json?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + basic() + "\r\nX-Name: \u00fcmlaut \ud83d\ude00 \u202e\r\nConnection: close");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void anUnknownMetricIsA404WithAJsonBody() {
        RawHttp.Response answer = RawHttp.send(port, "GET /actuator/metrics/no.such.metric HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n" + basic() + "\r\nConnection: close");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(jsonError(answer).get("error").asText()).isEqualTo("not_found");
    }

    @Test
    void theIndexAnswersJsonWhateverTheAcceptHeader() {
        RawHttp.Response answer = RawHttp.send(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: garbage\r\n"
                + "Connection: close");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(read(answer.body()).path("name").asText()).isEqualTo("Switchboard");
    }

    /** Jolokia's servlet answers a method it does not know with 501: the client's mistake, a 405. */
    @Test
    void aMethodJolokiaDoesNotKnowIs405() {
        RawHttp.Response answer = RawHttp.send(port, "PATCH /actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage"
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + basic() + "\r\nCookie: XSRF-TOKEN=t\r\nX-XSRF-TOKEN: t\r\n"
                + "Content-Length: 0\r\nConnection: close");

        assertThat(answer.status()).as(answer.body()).isEqualTo(405);
        assertThat(jsonError(answer).get("error").asText()).isEqualTo("method_not_allowed");
    }

    /** Tomcat maps the normalised path; Jolokia compared it with the raw one and failed with a 500. */
    @Test
    void aPathWithDotOrEmptySegmentsIs400() {
        for (String path : new String[] {"/actuator/./jolokia/read/java.lang:type=Memory/HeapMemoryUsage",
                "/actuator//jolokia/read/java.lang:type=Memory/HeapMemoryUsage", "//api/cases.json",
                "/api/./cases.json", "/api/x/%2e%2e/cases.json", "/api/cases/.;x=1/1.json"}) {
            RawHttp.Response answer = RawHttp.send(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + basic()
                    + "\r\nCookie: XSRF-TOKEN=t\r\nX-XSRF-TOKEN: t\r\nConnection: close");

            assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(400);
            assertThat(jsonError(answer).path("description").asText()).as(path).isNotBlank();
        }
    }

    /** Each id of a list was a query parameter: 300,000 of them failed the database with a 500. */
    @Test
    void aListOfIdsIsReadDistinctAndHeldToAThousand() {
        long label = ApiFixtures.label(admin());
        String copies = String.join(",", java.util.Collections.nCopies(300_000, Long.toString(label)));
        RawHttp.Response same = post("/api/cases.json", "application/json", "{\"case\":{\"user_email\":\"" + email()
                + "\",\"content\":\"x\",\"labels\":[" + copies + "]}}");
        assertThat(same.status()).as(same.body()).isEqualTo(201);
        assertThat(read(same.body()).path("case").path("labels")).hasSize(1);

        long before = cases();
        String distinct = java.util.stream.LongStream.rangeClosed(1, 1001).mapToObj(Long::toString)
                .collect(java.util.stream.Collectors.joining(","));
        RawHttp.Response tooMany = post("/api/cases.json", "application/json", "{\"case\":{\"user_email\":\""
                + email() + "\",\"content\":\"x\",\"labels\":[" + distinct + "]}}");
        assertThat(tooMany.status()).as(tooMany.body()).isEqualTo(400);
        assertThat(jsonError(tooMany).get("description").asText()).contains("at most 1000");
        assertThat(cases()).isEqualTo(before);
    }
}
