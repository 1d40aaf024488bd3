package dev.switchboard.ops;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The one place secrets are kept out of the logs: every log message (ours, Camel's, Spring's)
 * passes here. Values of secret-looking fields (webhook secrets, API keys, passwords, client
 * secrets, tokens) and credentials in Authorization headers are replaced by "****".
 * Registered for %m / %msg / %message in logback-spring.xml.
 */
public class RedactingMessageConverter extends MessageConverter {

    static final String MASK = "****";

    /** {@code "webhook_secret":"x"}, {@code api_key=x}, {@code password: x}, ... in JSON, forms and text. */
    private static final Pattern FIELD = Pattern.compile(
            "(?i)(\"?(?:webhook_secret|api_key|apikey|api-key|client_secret|app_password|app-password|password"
                    + "|access_token|token|secret)\"?\\s*[:=]\\s*\"?)([^\"&,\\s}]+)");
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "(?i)(authorization\"?\\s*[:=]\\s*\"?(?:basic|bearer|token)\\s+)([^\"\\s,}]+)");

    /** A bot token wherever it appears (they are recognisable by their prefix). */
    private static final Pattern BOT_TOKEN = Pattern.compile("()sbbot_[A-Za-z0-9_-]{8,}");

    @Override
    public String convert(ILoggingEvent event) {
        return redact(super.convert(event));
    }

    public static String redact(String message) {
        if (message == null || message.isEmpty()) {
            return message;
        }
        String redacted = replace(AUTHORIZATION, message);
        return replace(BOT_TOKEN, replace(FIELD, redacted));
    }

    private static String replace(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        do {
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + MASK));
        } while (matcher.find());
        matcher.appendTail(out);
        return out.toString();
    }
}
