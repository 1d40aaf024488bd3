package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Posts customers' messages of a custom channel through the desk API, as the channel's own
 * system would: the first message of a conversation opens the case ({@code POST /api/cases.json}
 * with {@code user_custom_id} + {@code channel}), later ones go into it
 * ({@code POST /api/cases/{id}/messages.json} with {@code user_id}). A message is accepted when
 * the POST is answered 201; the ledger gets the times.
 */
final class CustomerClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String authorization;
    private final String channel;
    private final Ledger ledger;

    CustomerClient(String base, String email, String apiKey, String channel, Ledger ledger) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((email + ":" + apiKey)
                .getBytes(StandardCharsets.UTF_8));
        this.channel = channel;
        this.ledger = ledger;
    }

    /** Sends the conversation's next message and waits for the answer; true when it was accepted. */
    boolean post(Conversation conversation, Ledger.Entry entry) {
        HttpRequest request = request(conversation, entry);
        ledger.sent(entry, System.nanoTime());
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return answered(conversation, entry, response, null);
        } catch (IOException e) {
            return answered(conversation, entry, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return answered(conversation, entry, null, e);
        }
    }

    /** Sends without waiting; the future completes once the answer is recorded. */
    CompletableFuture<Boolean> postAsync(Conversation conversation, Ledger.Entry entry) {
        HttpRequest request = request(conversation, entry);
        ledger.sent(entry, System.nanoTime());
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> answered(conversation, entry, response, error));
    }

    private HttpRequest request(Conversation conversation, Ledger.Entry entry) {
        ObjectNode body = JSON.createObjectNode();
        String path;
        if (conversation.next() == 0) {
            body.putObject("case").put("user_custom_id", conversation.customId()).put("channel", channel)
                    .put("user_full_name", "Customer " + conversation.name()).put("content", Conversation.text(entry.key));
            path = "/api/cases.json";
        } else {
            body.putObject("message").put("content", Conversation.text(entry.key)).put("user_id", conversation.userId());
            path = "/api/cases/" + conversation.caseId() + "/messages.json";
        }
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private boolean answered(Conversation conversation, Ledger.Entry entry, HttpResponse<String> response, Throwable error) {
        long now = System.nanoTime();
        boolean accepted = response != null && response.statusCode() == 201;
        if (accepted) {
            if (conversation.next() == 0) {
                try {
                    JsonNode deskCase = JSON.readTree(response.body()).get("case");
                    conversation.opened(deskCase.get("case_id").asLong(), deskCase.get("user_id").asLong());
                } catch (IOException | RuntimeException e) {
                    accepted = false;
                    error = e;
                }
            }
        }
        if (accepted) {
            ledger.accepted(entry, 201, now);
        } else {
            ledger.refused(entry, response == null ? 0 : response.statusCode(),
                    error != null ? error.toString() : response.body());
        }
        conversation.advance();
        return accepted;
    }
}
