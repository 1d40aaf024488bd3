package dev.switchboard.rules;

import java.util.Map;

/** A rule's HTTP request on its way through the delivery pipeline, placeholders already filled in. */
public record HttpCall(long ruleId, long caseId, String method, String url, Map<String, String> headers,
        String contentType, String body) {
}
