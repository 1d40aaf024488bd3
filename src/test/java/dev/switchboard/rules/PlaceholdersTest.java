package dev.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.switchboard.desk.user.Identity;
import dev.switchboard.rules.Placeholders.Escaping;

/** [placeholders] of rule texts: every value, and escaping per target so hostile text cannot break out. */
class PlaceholdersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The placeholders the issue promises, and nothing else. */
    private static final List<String> NAMES = List.of("case_id", "case_number", "case_subject", "case_description",
            "user_id", "user_email", "user_phone", "user_full_name", "user_custom_id", "staff_id", "group_id",
            "channel", "message_text");

    /** Texts a customer controls (message, subject, name) that try to break out of where they land. */
    static Stream<String> hostile() {
        return Stream.of(
                "He said \"hello\" and left",
                "back\\slash \\\" \\n \\u0041 \\",
                "line one\nline two\r\nline three\ttabbed\rcarriage",
                "\"}",
                "\"}, \"injected\": true, \"x\": {\"y\": \"",
                "</script><script>alert('x')</script>",
                "Привет, 世界 😀 é\u0301 \u2028\u2029 \uFEFF",
                "\u0000\u0001\u0007\u001b\u001f\u007f",
                "$1 $0 \\0 ${x} $",
                "[case_id] [user_email] [message_text]",
                "a=b&c=d+e%20f%zz#frag?q",
                "'single' & <amp> ; --",
                "");
    }

    @Test
    void everyPlaceholderHasItsValue() {
        Map<String, String> values = Placeholders.values(new RuleContexts().build());

        assertThat(values.keySet()).containsExactlyInAnyOrderElementsOf(NAMES);
        assertThat(values).containsEntry("case_id", "42")
                .containsEntry("case_number", "100-000042")
                .containsEntry("case_subject", "Where is my order?")
                .containsEntry("case_description", "Hello there")
                .containsEntry("message_text", "Hello there")
                .containsEntry("user_id", "7")
                .containsEntry("user_email", "anna@example.com")
                .containsEntry("user_phone", "+15551234567")
                .containsEntry("user_full_name", "Anna Karenina")
                .containsEntry("user_custom_id", "visitor-7")
                .containsEntry("staff_id", "11")
                .containsEntry("group_id", "9")
                .containsEntry("channel", "cch5");
    }

    @Test
    void missingValuesAreEmptyOrZero() {
        RuleContexts setup = new RuleContexts();
        setup.identities = new ArrayList<>();
        setup.fullName = null;
        setup.staffId = null;
        setup.groupId = null;
        setup.messageText = null;
        Map<String, String> values = Placeholders.values(setup.build());

        assertThat(values).containsEntry("user_email", "").containsEntry("user_phone", "")
                .containsEntry("user_full_name", "").containsEntry("user_custom_id", "")
                .containsEntry("staff_id", "0").containsEntry("group_id", "0")
                .containsEntry("case_description", "").containsEntry("message_text", "");
    }

    @Test
    void userCustomIdPrefersTheCasesChannelAndFallsBackToAnother() {
        RuleContexts setup = new RuleContexts();
        setup.identities = new ArrayList<>(List.of(Identity.custom("cch1", "elsewhere"),
                Identity.custom("cch5", "here")));
        assertThat(Placeholders.values(setup.build())).containsEntry("user_custom_id", "here");

        setup.identities = new ArrayList<>(List.of(Identity.custom("cch1", "elsewhere")));
        assertThat(Placeholders.values(setup.build())).containsEntry("user_custom_id", "elsewhere");
    }

    @Test
    void staffAndGroupAreThoseOfThePassWorkingCopy() {
        RuleContext ctx = new RuleContexts().build();
        ctx.staffId = 99L;
        ctx.groupId = null;
        assertThat(Placeholders.values(ctx)).containsEntry("staff_id", "99").containsEntry("group_id", "0");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileTextInAJsonBodyStaysOneValidDocumentWithTheRawValues(String text) throws Exception {
        RuleContexts setup = new RuleContexts();
        setup.messageText = text;
        setup.subject = "Subject: " + text;
        setup.fullName = text + " (name)";
        String template = "{\"event\":\"new_message\",\"message\":{\"text\":\"[message_text]\","
                + "\"description\":\"[case_description]\"},\"subject\":\"[case_subject]\","
                + "\"visitor\":{\"name\":\"[user_full_name]\",\"id\":\"[user_id]\"},\"chat_id\":[case_id]}";

        String body = Placeholders.render(template, Placeholders.values(setup.build()), Escaping.JSON);

        // one document and nothing after it
        JsonNode json = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(body);
        assertThat(fieldNames(json)).containsExactly("event", "message", "subject", "visitor", "chat_id");
        assertThat(fieldNames(json.get("message"))).containsExactly("text", "description");
        assertThat(fieldNames(json.get("visitor"))).containsExactly("name", "id");
        assertThat(json.get("event").asText()).isEqualTo("new_message");
        assertThat(json.get("message").get("text").asText()).isEqualTo(text);
        assertThat(json.get("message").get("description").asText()).isEqualTo(text);
        assertThat(json.get("subject").asText()).isEqualTo("Subject: " + text);
        assertThat(json.get("visitor").get("name").asText()).isEqualTo(text + " (name)");
        assertThat(json.get("visitor").get("id").asText()).isEqualTo("7");
        assertThat(json.get("chat_id").isNumber()).isTrue();
        assertThat(json.get("chat_id").asLong()).isEqualTo(42);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileTextInAFormBodyIsUrlEncoded(String text) {
        RuleContexts setup = new RuleContexts();
        setup.messageText = text;
        setup.subject = text;
        Escaping escaping = Escaping.forBody("application/x-www-form-urlencoded; charset=UTF-8");

        String body = Placeholders.render("text=[message_text]&subject=[case_subject]&id=[case_id]",
                Placeholders.values(setup.build()), escaping);

        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&", -1)) {
            String[] kv = pair.split("=", -1);
            assertThat(kv).as(body).hasSize(2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        assertThat(fields).containsExactly(Map.entry("text", text), Map.entry("subject", text), Map.entry("id", "42"));
        assertThat(body).doesNotContain("\n", "\r", " ", "\"");
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileTextInAUrlIsEncodedAndReadsBack(String text) {
        RuleContexts setup = new RuleContexts();
        setup.messageText = text;

        String url = Placeholders.render("https://bot.example/chats/[case_id]?q=[message_text]",
                Placeholders.values(setup.build()), Escaping.URL);

        URI uri = URI.create(url);
        assertThat(uri.getHost()).isEqualTo("bot.example");
        assertThat(uri.getPath()).isEqualTo("/chats/42");
        assertThat(uri.getRawFragment()).isNull();
        assertThat(URLDecoder.decode(uri.getRawQuery().substring("q=".length()), StandardCharsets.UTF_8)).isEqualTo(text);
    }

    @ParameterizedTest
    @MethodSource("hostile")
    void hostileTextInAHeaderLosesItsLineBreaks(String text) {
        RuleContexts setup = new RuleContexts();
        setup.messageText = text;

        String header = Placeholders.render("Text [message_text] end", Placeholders.values(setup.build()),
                Escaping.HEADER);

        assertThat(header).doesNotContain("\r", "\n").startsWith("Text ").endsWith(" end");
        assertThat(header.replace(" ", "")).isEqualTo(("Text" + text + "end").replaceAll("[\\r\\n ]", ""));
    }

    @Test
    void aHeaderCannotBeSplitIntoTwo() {
        RuleContexts setup = new RuleContexts();
        setup.messageText = "hello\r\nX-Injected: yes\n\nbody";
        assertThat(Placeholders.render("[message_text]", Placeholders.values(setup.build()), Escaping.HEADER))
                .isEqualTo("hello X-Injected: yes body");
    }

    @Test
    void theBodyEscapingFollowsTheContentType() {
        assertThat(Placeholders.Escaping.forBody("application/json")).isEqualTo(Escaping.JSON);
        assertThat(Placeholders.Escaping.forBody("Application/JSON; charset=utf-8")).isEqualTo(Escaping.JSON);
        assertThat(Placeholders.Escaping.forBody("application/vnd.bot+json")).isEqualTo(Escaping.JSON);
        assertThat(Placeholders.Escaping.forBody("application/x-www-form-urlencoded")).isEqualTo(Escaping.FORM);
        assertThat(Placeholders.Escaping.forBody("text/plain")).isEqualTo(Escaping.NONE);
        assertThat(Placeholders.Escaping.forBody(null)).isEqualTo(Escaping.NONE);
    }

    @Test
    void plainTextTakesValuesAsTheyAre() {
        RuleContexts setup = new RuleContexts();
        setup.messageText = "\"quoted\" \\ $1 [user_email]\nnext";
        assertThat(Placeholders.render("You wrote: [message_text] (case [case_number])",
                Placeholders.values(setup.build()), Escaping.NONE))
                .isEqualTo("You wrote: \"quoted\" \\ $1 [user_email]\nnext (case 100-000042)");
    }

    @Test
    void unknownPlaceholdersStayAsWritten() {
        Map<String, String> values = Placeholders.values(new RuleContexts().build());
        for (Escaping escaping : Escaping.values()) {
            assertThat(Placeholders.render("[unknown] [case_id] [CASE_ID] [case id] [] [case_id [user-email] [[case_id]]",
                    values, escaping))
                    .as(escaping.name())
                    .isEqualTo("[unknown] 42 [CASE_ID] [case id] [] [case_id [user-email] [42]");
        }
        assertThat(Placeholders.render("no placeholders at all", values, Escaping.JSON)).isEqualTo("no placeholders at all");
        assertThat(Placeholders.render(null, values, Escaping.JSON)).isNull();
    }

    @Test
    void aValueThatLooksLikeAPlaceholderIsNotFilledAgain() {
        RuleContexts setup = new RuleContexts();
        setup.messageText = "[user_email]";
        setup.subject = "[message_text]";
        assertThat(Placeholders.render("[message_text]|[case_subject]", Placeholders.values(setup.build()),
                Escaping.NONE)).isEqualTo("[user_email]|[message_text]");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
