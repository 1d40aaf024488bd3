package dev.switchboard.rules;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import dev.switchboard.desk.cases.CaseNumbers;
import dev.switchboard.desk.user.Identity;

/**
 * Fills [placeholders] into rule texts. Values are escaped for where they land, so a customer's
 * quotes, backslashes or newlines can neither break nor inject into a body: JSON-escaped inside
 * JSON bodies, URL-encoded in URLs and form bodies, line breaks removed in headers.
 */
final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\[([a-z_]+)]");

    /** The placeholders known to rules. */
    static final java.util.Set<String> NAMES = java.util.Set.of("case_id", "case_number", "case_subject",
            "case_description", "message_text", "user_id", "user_email", "user_phone", "user_full_name",
            "user_custom_id", "staff_id", "group_id", "channel");

    /** The template with each known placeholder replaced by {@code with} (for checking a URL's shape). */
    static String fillKnown(String template, String with) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(NAMES.contains(matcher.group(1))
                    ? with : matcher.group()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    /** How a value is escaped where it is inserted. */
    enum Escaping {
        NONE(value -> value),
        JSON(value -> new String(JsonStringEncoder.getInstance().quoteAsString(value))),
        /** Percent-encoding, safe in a URL's path and query alike (a space is %20, never "+"). */
        URL(value -> URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20")),
        /** Form encoding, for application/x-www-form-urlencoded bodies. */
        FORM(value -> URLEncoder.encode(value, StandardCharsets.UTF_8)),
        HEADER(value -> value.replaceAll("[\\r\\n]+", " "));

        private final UnaryOperator<String> escape;

        Escaping(UnaryOperator<String> escape) {
            this.escape = escape;
        }

        /** The escaping of a request body of this content type. */
        static Escaping forBody(String contentType) {
            String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
            if (type.contains("json")) {
                return JSON;
            }
            return type.contains("x-www-form-urlencoded") ? FORM : NONE;
        }
    }

    private Placeholders() {
    }

    static Map<String, String> values(RuleContext ctx) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("case_id", Long.toString(ctx.caseId()));
        values.put("case_number", CaseNumbers.of(ctx.caseId()));
        values.put("case_subject", ctx.original.subject());
        values.put("case_description", ctx.messageText);
        values.put("message_text", ctx.messageText);
        values.put("user_id", Long.toString(ctx.user.id()));
        values.put("user_email", ctx.user.identity(Identity.EMAIL).map(Identity::value).orElse(""));
        values.put("user_phone", ctx.user.identity(Identity.PHONE).map(Identity::value).orElse(""));
        values.put("user_full_name", ctx.user.fullName() == null ? "" : ctx.user.fullName());
        values.put("user_custom_id", ctx.user.customId(ctx.channel.code())
                .or(() -> ctx.user.identity(Identity.CUSTOM).map(Identity::value)).orElse(""));
        values.put("staff_id", ctx.staffId == null ? "0" : ctx.staffId.toString());
        values.put("group_id", ctx.groupId == null ? "0" : ctx.groupId.toString());
        values.put("channel", ctx.channel.code());
        return values;
    }

    /** The template with every known [name] replaced by its escaped value; unknown ones stay as written. */
    static String render(String template, Map<String, String> values, Escaping escaping) {
        if (template == null) {
            return null;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                    value == null ? matcher.group() : escaping.escape.apply(value)));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
