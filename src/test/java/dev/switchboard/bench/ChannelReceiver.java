package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

import dev.switchboard.support.Webhooks;

/**
 * The custom channel's webhook receiver: every delivery is recorded (arrival, delivery id, the
 * customer message its text answers) before it is answered 200. It counts copies of a delivery
 * (same {@code X-Switchboard-Delivery}), customer messages answered by more than one delivery,
 * answers arriving out of the conversation's order, and bad signatures.
 */
final class ChannelReceiver implements AutoCloseable {

    /** One POST that arrived. {@code copy}: its delivery id had been seen before. */
    record Delivery(long arrivedAt, String deliveryId, String key, boolean copy) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Ledger ledger;
    private final LoopbackServer server;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Set<String> deliveryIds = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> lastIndex = new ConcurrentHashMap<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<String> samples = new ArrayList<>();

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong copies = new AtomicLong();
    private final AtomicLong doubleAnswers = new AtomicLong();
    private final AtomicLong orderViolations = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong badSignatures = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile long refusingUntilMillis;
    private volatile int refusalRetryAfter;

    ChannelReceiver(Ledger ledger, int threads) {
        this.ledger = ledger;
        this.server = new LoopbackServer("channel-receiver", threads, this::handle);
    }

    /** A path for a channel whose deliveries are signed with {@code secret} (set it once known). */
    String url(String path) {
        return server.url(path);
    }

    void secret(String path, String secret) {
        secrets.put(path, secret);
    }

    /**
     * A receiver that is down for a while: until {@code millis} from now every POST is answered 503
     * (with {@code Retry-After: retryAfterSeconds} when positive) and not recorded.
     */
    void refuseFor(long millis, int retryAfterSeconds) {
        refusalRetryAfter = retryAfterSeconds;
        refusingUntilMillis = System.currentTimeMillis() + millis;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrivedAt = System.nanoTime();
        try {
            String body = LoopbackServer.body(exchange);
            if (System.currentTimeMillis() < refusingUntilMillis) {
                refused.incrementAndGet();
                if (refusalRetryAfter > 0) {
                    exchange.getResponseHeaders().add("Retry-After", Integer.toString(refusalRetryAfter));
                }
                LoopbackServer.answer(exchange, 503, new byte[0]);
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String deliveryId = exchange.getRequestHeaders().getFirst("X-Switchboard-Delivery");
            String timestamp = exchange.getRequestHeaders().getFirst("X-Switchboard-Timestamp");
            String signature = exchange.getRequestHeaders().getFirst("X-Switchboard-Signature");
            received.incrementAndGet();
            String secret = secrets.get(path);
            if (secret != null && (timestamp == null
                    || !Webhooks.expectedSignature(secret, timestamp, body).equals(signature))) {
                badSignatures.incrementAndGet();
            }
            record(arrivedAt, deliveryId, body);
            LoopbackServer.answer(exchange, 200, LoopbackServer.OK);
        } catch (RuntimeException e) {
            LoopbackServer.answer(exchange, 500, new byte[0]);
            throw e;
        }
    }

    private void record(long arrivedAt, String deliveryId, String body) {
        String key = null;
        try {
            JsonNode object = JSON.readTree(body).path("object");
            key = Conversation.keyIn(object.path("content").asText(null));
        } catch (IOException notJson) {
            // counted as unknown below
        }
        boolean copy = deliveryId != null && !deliveryIds.add(deliveryId);
        synchronized (deliveries) {
            deliveries.add(new Delivery(arrivedAt, deliveryId, key, copy));
        }
        if (copy) {
            copies.incrementAndGet();
            return;
        }
        Ledger.Entry entry = key == null ? null : ledger.answered(key, arrivedAt);
        if (entry == null) {
            unknown.incrementAndGet();
            sample("unknown: " + body);
            return;
        }
        if (entry.answers.get() > 1) {
            doubleAnswers.incrementAndGet();
            sample("answered again by another delivery (" + deliveryId + "): " + key);
        }
        int index = Conversation.indexOf(key);
        String conversation = Conversation.conversationOf(key);
        // Switchboard waits for one delivery's answer before sending the case's next: arrival order is well defined
        int[] before = {-1};
        lastIndex.compute(conversation, (name, last) -> {
            before[0] = last == null ? -1 : last;
            return Math.max(index, before[0]);
        });
        if (index < before[0]) {
            orderViolations.incrementAndGet();
            sample("out of order: " + key + " after " + conversation + ".m" + before[0]);
        }
    }

    private void sample(String text) {
        synchronized (samples) {
            if (samples.size() < 20) {
                samples.add(text.length() > 500 ? text.substring(0, 500) + "..." : text);
            }
        }
    }

    long received() {
        return received.get();
    }

    /** Counts for the report. */
    Map<String, Object> counts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("deliveries_received", received.get());
        counts.put("duplicates_by_delivery_id", copies.get());
        counts.put("answered_twice_by_different_deliveries", doubleAnswers.get());
        counts.put("order_violations", orderViolations.get());
        counts.put("unknown_deliveries", unknown.get());
        counts.put("bad_signatures", badSignatures.get());
        counts.put("refused_while_down", refused.get());
        synchronized (samples) {
            counts.put("samples", List.copyOf(samples));
        }
        return counts;
    }

    long copies() {
        return copies.get();
    }

    long doubleAnswers() {
        return doubleAnswers.get();
    }

    long orderViolations() {
        return orderViolations.get();
    }

    long unknown() {
        return unknown.get();
    }

    long badSignatures() {
        return badSignatures.get();
    }

    /** Every delivery as CSV: seconds since the run's start, delivery id, key, copy. */
    void writeCsv(Path file, Timeline timeline) {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("arrived_s,delivery_id,key,copy\n");
            synchronized (deliveries) {
                for (Delivery d : deliveries) {
                    out.write(String.format(java.util.Locale.ROOT, "%.6f,%s,%s,%s%n", timeline.seconds(d.arrivedAt()),
                            d.deliveryId(), d.key(), d.copy()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
