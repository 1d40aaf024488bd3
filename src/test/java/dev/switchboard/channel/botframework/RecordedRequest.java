package dev.switchboard.channel.botframework;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One request that reached the fake, with the status it was answered.
 *
 * @param kind           which part of the fake it hit
 * @param operation      for {@link Kind#CONNECTOR}: {@code replyToActivity}, {@code sendToConversation},
 *                       {@code createConversation}, {@code uploadAttachment}, {@code getAttachmentInfo},
 *                       {@code getAttachment}; else {@code null} (also for an unknown Connector route)
 * @param rawPath        the path as sent, still percent-encoded
 * @param conversationId the decoded {conversationId} path segment, or {@code null}
 * @param activityId     the decoded {activityId} path segment (reply), or {@code null}
 * @param headers        request headers; names case-insensitive
 * @param json           the body parsed as JSON when it is JSON, else {@code null}
 * @param status         the status the fake answered
 * @param receivedAt     when the fake received it
 */
public record RecordedRequest(Kind kind, String operation, String method, String rawPath, String conversationId,
                              String activityId, Map<String, List<String>> headers, String body, JsonNode json,
                              int status, Instant receivedAt) {

    public enum Kind { OPENID_METADATA, JWKS, TOKEN, CONNECTOR, FILE, UNKNOWN }

    /** The first value of a header, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public String authorization() {
        return header("Authorization");
    }

    public boolean hasAuthorization() {
        return authorization() != null;
    }

    /** A POST of an activity to a conversation (a reply or a plain send). */
    public boolean isActivity() {
        return "replyToActivity".equals(operation) || "sendToConversation".equals(operation);
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }

    RecordedRequest answered(int answeredStatus) {
        return new RecordedRequest(kind, operation, method, rawPath, conversationId, activityId, headers, body, json,
                answeredStatus, receivedAt);
    }
}
