package dev.switchboard.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** A bot calling Webim's External Bot API 2.0 on Switchboard: {@code Authorization: Token <token>}. */
public final class BotApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;
    private final String token;

    public BotApiClient(String base, String token) {
        this.base = base;
        this.token = token;
    }

    /** {@code POST /api/bot/v2/<method>} with a JSON body (a String is sent as it is). */
    public DeskClient.Answer call(String method, Object body) {
        return call(method, body, java.util.Map.of());
    }

    /** The same with extra request headers (e.g. Idempotency-Key). */
    public DeskClient.Answer call(String method, Object body, java.util.Map<String, String> headers) {
        try {
            String json = body instanceof String s ? s : DeskClient.JSON.writeValueAsString(body);
            return send(method, token == null ? null : "Token " + token, "application/json", json, headers);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code POST /api/bot/v2/<method>} exactly as given: any {@code Authorization} (none when null),
     * content type and body, for tests of what is refused.
     */
    public DeskClient.Answer send(String method, String authorization, String contentType, String body) {
        return send(method, authorization, contentType, body, java.util.Map.of());
    }

    private DeskClient.Answer send(String method, String authorization, String contentType, String body,
            java.util.Map<String, String> headers) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/api/bot/v2/" + method))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            headers.forEach(request::header);
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed;
            try {
                parsed = response.body().isEmpty() ? MissingNode.getInstance() : DeskClient.JSON.readTree(response.body());
            } catch (IOException notJson) {
                parsed = MissingNode.getInstance();
            }
            return new DeskClient.Answer(response.statusCode(), response.body(), parsed, response);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
