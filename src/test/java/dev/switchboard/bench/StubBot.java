package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import dev.switchboard.support.Webhooks;

/**
 * A bot on Webim's External Bot API 2.0 that answers every customer message: each event is
 * answered 200 {@code {"result":"ok"}} at once; then, asynchronously, the bot calls
 * {@code POST /api/bot/v2/send_message} with {@code re bench <key>} for every visitor message the
 * event shows. The answers of one chat are sent one after the other, in the order of the events
 * (Switchboard sends a chat's events in order), so the channel must receive them in that order.
 * A failed call (no answer, 429, 5xx) is tried again a few times (with {@link #retryFor} for as
 * long as it takes Switchboard to come back after a crash); a copy of an event (same delivery id)
 * or a message shown twice is counted and not answered again. An answer whose call got no answer
 * at least once before it succeeded may be stored twice (the lost call may have been committed):
 * {@link #sentAgainAfterNoAnswer()} names those messages.
 */
final class StubBot implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TRIES = 6;

    private final Ledger ledger;
    private final LoopbackServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Long, CompletableFuture<Void>> chats = new ConcurrentHashMap<>();
    private final Set<String> deliveryIds = ConcurrentHashMap.newKeySet();
    private final Set<String> messageIds = ConcurrentHashMap.newKeySet();
    private final Set<String> sentAgainAfterNoAnswer = ConcurrentHashMap.newKeySet();
    private final LongSamples apiLatency = new LongSamples();
    private final List<String> samples = new ArrayList<>();

    private final AtomicLong events = new AtomicLong();
    private final AtomicLong eventCopies = new AtomicLong();
    private final AtomicLong messagesShownAgain = new AtomicLong();
    private final AtomicLong answersSent = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();

    private volatile String base;
    private volatile String token;
    private volatile String secret;
    private volatile Duration retryFor = Duration.ZERO;

    StubBot(Ledger ledger, int threads) {
        this.ledger = ledger;
        this.server = new LoopbackServer("stub-bot", threads, this::handle);
    }

    String url(String path) {
        return server.url(path);
    }

    /** Where the bot API is and the bot's credentials (known once the bot is created). */
    void connect(String switchboardBase, String botToken, String webhookSecret) {
        this.base = switchboardBase;
        this.token = botToken;
        this.secret = webhookSecret;
    }

    /**
     * After the first few tries, a call that failed transiently (no answer, 429, 5xx) is tried again
     * every 500 ms until this long after its first try (default: no further tries).
     */
    void retryFor(Duration duration) {
        this.retryFor = duration;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrivedAt = System.nanoTime();
        String body = LoopbackServer.body(exchange);
        events.incrementAndGet();
        String deliveryId = exchange.getRequestHeaders().getFirst("X-Switchboard-Delivery");
        String timestamp = exchange.getRequestHeaders().getFirst("X-Switchboard-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Switchboard-Signature");
        if (secret != null && (timestamp == null || !Webhooks.expectedSignature(secret, timestamp, body).equals(signature))) {
            badSignatures.incrementAndGet();
        }
        try {
            if (deliveryId != null && !deliveryIds.add(deliveryId)) {
                eventCopies.incrementAndGet();
            } else {
                // queued before the answer: the next event of the chat cannot overtake this one
                onEvent(JSON.readTree(body), arrivedAt);
            }
        } catch (IOException | RuntimeException e) {
            sample("event not understood (" + e + "): " + body);
        }
        LoopbackServer.answer(exchange, 200, LoopbackServer.OK);
    }

    private void onEvent(JsonNode event, long arrivedAt) {
        String type = event.path("event").asText();
        long chatId;
        List<JsonNode> shown = new ArrayList<>();
        if (type.equals("new_chat")) {
            chatId = event.path("chat").path("id").asLong();
            event.path("messages").forEach(shown::add);
        } else if (type.equals("new_message")) {
            chatId = event.path("chat_id").asLong();
            shown.add(event.path("message"));
        } else {
            return;
        }
        for (JsonNode message : shown) {
            if (!message.path("kind").asText().equals("visitor")) {
                continue;
            }
            if (!messageIds.add(message.path("id").asText())) {
                messagesShownAgain.incrementAndGet();
                continue;
            }
            String key = Conversation.keyIn(message.path("text").asText(null));
            if (key == null) {
                sample("a visitor message without a key: " + message);
                continue;
            }
            Ledger.Entry entry = ledger.get(key);
            if (entry != null && entry.eventAt == 0) {
                entry.eventAt = arrivedAt;
            }
            answer(chatId, key, entry);
        }
    }

    /** Chains the answer behind the chat's earlier answers. */
    private void answer(long chatId, String key, Ledger.Entry entry) {
        String body = "{\"chat_id\":" + chatId + ",\"message\":{\"kind\":\"operator\",\"text\":\"re "
                + Conversation.text(key) + "\"}}";
        pending.incrementAndGet();
        chats.compute(chatId, (id, tail) -> (tail == null ? CompletableFuture.<Void>completedFuture(null) : tail)
                .thenCompose(done -> send(key, body, 1, System.nanoTime(), false))
                .handle((status, error) -> {
                    pending.decrementAndGet();
                    if (error != null || status == null || status != 200) {
                        failures.incrementAndGet();
                        sample("send_message for " + key + " failed: " + (error != null ? error : status));
                    } else {
                        answersSent.incrementAndGet();
                        if (entry != null) {
                            entry.replyAcceptedAt = System.nanoTime();
                        }
                    }
                    return null;
                }));
    }

    private CompletableFuture<Integer> send(String key, String body, int attempt, long firstTry, boolean noAnswerBefore) {
        long started = System.nanoTime();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/bot/v2/send_message"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Token " + token)
                // the same key on every try: a call whose answer was lost is applied once
                .header("Idempotency-Key", "answer-" + key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((response, error) -> {
            int status = response == null ? 0 : response.statusCode();
            if (status == 200) {
                apiLatency.add(System.nanoTime() - started);
                if (noAnswerBefore) {
                    sentAgainAfterNoAnswer.add(key);
                }
            }
            boolean transientFailure = error != null || status == 429 || status >= 500;
            boolean again = attempt < TRIES || System.nanoTime() - firstTry < retryFor.toNanos();
            if (transientFailure && again) {
                retries.incrementAndGet();
                sample("send_message attempt " + attempt + ": " + (error != null ? error : status + " " + response.body()));
                long delay = attempt < TRIES ? 100L << attempt : 500;
                Executor later = CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS);
                return CompletableFuture.supplyAsync(() -> null, later)
                        .thenCompose(x -> send(key, body, attempt + 1, firstTry, noAnswerBefore || error != null));
            }
            if (status != 200 && response != null) {
                sample("send_message answered " + status + ": " + response.body());
            }
            return CompletableFuture.completedFuture(status);
        }).thenCompose(f -> f);
    }

    private void sample(String text) {
        synchronized (samples) {
            if (samples.size() < 20) {
                samples.add(text.length() > 500 ? text.substring(0, 500) + "..." : text);
            }
        }
    }

    /** Answers queued or on their way. */
    long pending() {
        return pending.get();
    }

    /**
     * Keys whose answer was accepted only after an earlier call for it got no answer at all (a
     * connection error or timeout): that call may have been committed too.
     */
    Set<String> sentAgainAfterNoAnswer() {
        return Set.copyOf(sentAgainAfterNoAnswer);
    }

    long failures() {
        return failures.get();
    }

    long eventCopies() {
        return eventCopies.get();
    }

    long messagesShownAgain() {
        return messagesShownAgain.get();
    }

    long badSignatures() {
        return badSignatures.get();
    }

    long[] apiLatencies() {
        return apiLatency.toArray();
    }

    Map<String, Object> counts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("events_received", events.get());
        counts.put("event_copies_by_delivery_id", eventCopies.get());
        counts.put("messages_shown_again", messagesShownAgain.get());
        counts.put("answers_sent", answersSent.get());
        counts.put("send_message_retries", retries.get());
        counts.put("send_message_failures", failures.get());
        counts.put("bad_signatures", badSignatures.get());
        counts.put("send_message_latency", Percentiles.of(apiLatency.toArray()).toMap());
        synchronized (samples) {
            counts.put("samples", List.copyOf(samples));
        }
        return counts;
    }

    @Override
    public void close() {
        server.close();
    }
}
