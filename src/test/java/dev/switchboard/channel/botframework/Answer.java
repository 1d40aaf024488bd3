package dev.switchboard.channel.botframework;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A programmed answer of the fake: a status, headers and a body. Error answers carry the Bot
 * Connector's {@code ErrorResponse} body {@code {"error":{"code":..,"message":..}}}; the codes
 * chosen per status are illustrative, a client must not depend on them.
 */
public record Answer(int status, Map<String, String> headers, String body) {

    public static Answer status(int status) {
        if (status < 400) {
            return new Answer(status, Map.of(), "");
        }
        return error(status, codeFor(status), "Fake Bot Connector answered " + status);
    }

    public static Answer error(int status, String code, String message) {
        String body = "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message.replace("\"", "'") + "\"}}";
        return new Answer(status, Map.of("Content-Type", "application/json; charset=utf-8"), body);
    }

    /** The same answer with a {@code Retry-After} header: seconds ({@code "1"}) or an HTTP date. */
    public Answer retryAfter(String value) {
        return withHeader("Retry-After", value);
    }

    public Answer withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Answer(status, Map.copyOf(more), body);
    }

    static String codeFor(int status) {
        return switch (status) {
            case 400 -> "BadArgument";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 412 -> "PreconditionFailed";
            case 415 -> "UnsupportedMediaType";
            case 429 -> "TooManyRequests";
            case 502 -> "BadGateway";
            case 503 -> "ServiceUnavailable";
            case 504 -> "GatewayTimeout";
            default -> "ServiceError";
        };
    }
}
