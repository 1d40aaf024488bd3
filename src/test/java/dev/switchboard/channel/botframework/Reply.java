package dev.switchboard.channel.botframework;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What the fake writes back for one request (binary-safe, unlike the public {@link Answer}). */
record Reply(int status, Map<String, String> headers, byte[] body) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Reply of(Answer answer) {
        return new Reply(answer.status(), answer.headers(), answer.body().getBytes(StandardCharsets.UTF_8));
    }

    static Reply json(int status, Object body) {
        try {
            return new Reply(status, Map.of("Content-Type", "application/json; charset=utf-8"), JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Connector's {@code ErrorResponse}: {@code {"error":{"code":..,"message":..}}}. */
    static Reply error(int status, String message) {
        return of(Answer.error(status, Answer.codeFor(status), message));
    }

    static Reply bytes(String contentType, byte[] body) {
        return new Reply(200, Map.of("Content-Type", contentType), body);
    }
}
