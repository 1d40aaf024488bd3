package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The steady load of the crash test: customer messages due on a clock at a fixed rate, each from
 * the next idle conversation, sent whatever the earlier ones are doing; a conversation has one
 * message on its way at a time and moves on once its POST returned, accepted or not (its next
 * message is a new one: a message whose POST failed is never sent again, so "stored once" stays
 * checkable). When a POST gets no answer at all (Switchboard died), the client behaves like a
 * channel system that backs off: it stops sending (due messages are skipped and counted) until the
 * health endpoint answers UP again. Only the POSTs in flight at the moment of the kill (and the few
 * sent before the failure was noticed) fail: not accepted, not lost.
 */
final class CrashLoad {

    private final Ledger ledger;
    private final CustomerClient client;
    private final ConversationPool pool;
    private final HttpRequest health;
    private final HttpClient probeClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Conversation> conversations = new ConcurrentHashMap<>();
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final AtomicLong outstanding = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skippedWhileUnreachable = new AtomicLong();
    private final AtomicLong skippedBusy = new AtomicLong();
    private final AtomicLong noAnswer = new AtomicLong();
    private final Map<Integer, AtomicLong> refusedByStatus = new ConcurrentHashMap<>();
    private final AtomicLong outages = new AtomicLong();
    private volatile boolean stopping;
    private Thread scheduler;

    CrashLoad(Ledger ledger, CustomerClient client, ConversationPool pool, String switchboardBase) {
        this.ledger = ledger;
        this.client = client;
        this.pool = pool;
        this.health = HttpRequest.newBuilder(URI.create(switchboardBase + "/actuator/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
    }

    /** Starts sending {@code rate} messages per second until {@link #stop()}; at most {@code maxOutstanding} POSTs open. */
    void start(int rate, int maxOutstanding) {
        scheduler = new Thread(() -> schedule(rate, maxOutstanding), "crash-load");
        scheduler.setDaemon(true);
        scheduler.start();
    }

    private void schedule(int rate, int maxOutstanding) {
        long start = System.nanoTime();
        double interval = 1e9 / rate;
        for (long i = 0; !stopping; i++) {
            long due = start + Math.round(i * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000));
            }
            if (stopping) {
                break;
            }
            if (unreachable.get()) {
                skippedWhileUnreachable.incrementAndGet();
                continue;
            }
            if (outstanding.get() >= maxOutstanding) {
                skippedBusy.incrementAndGet();
                continue;
            }
            Conversation conversation = pool.take();
            conversations.putIfAbsent(conversation.name(), conversation);
            Ledger.Entry entry = ledger.entry(conversation.key(conversation.next()), "crash", true, due);
            outstanding.incrementAndGet();
            sent.incrementAndGet();
            client.postAsync(conversation, entry).whenComplete((accepted, error) -> {
                if (!Boolean.TRUE.equals(accepted)) {
                    if (entry.status == 0) {
                        noAnswer.incrementAndGet();
                        if (unreachable.compareAndSet(false, true)) {
                            outages.incrementAndGet();
                            Thread probe = new Thread(this::probeUntilUp, "crash-load-probe");
                            probe.setDaemon(true);
                            probe.start();
                        }
                    } else {
                        refusedByStatus.computeIfAbsent(entry.status, s -> new AtomicLong()).incrementAndGet();
                    }
                }
                pool.giveBack(conversation);
                outstanding.decrementAndGet();
            });
        }
    }

    private void probeUntilUp() {
        while (!stopping) {
            try {
                HttpResponse<String> answer = probeClient.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    break;
                }
            } catch (IOException notYet) {
                // still down
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
        }
        unreachable.set(false);
    }

    /** Stops scheduling and waits (at most {@code timeout}) until every POST has returned. */
    boolean stop(Duration timeout) {
        stopping = true;
        try {
            if (scheduler != null) {
                scheduler.join(timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return RoundTripDriver.await(() -> outstanding.get() == 0, timeout);
    }

    long outstanding() {
        return outstanding.get();
    }

    long sent() {
        return sent.get();
    }

    /** Every conversation that sent at least one message. */
    Collection<Conversation> conversations() {
        return List.copyOf(conversations.values());
    }

    Map<String, Object> counts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("posts_sent", sent.get());
        counts.put("posts_without_answer", noAnswer.get());
        Map<String, Long> refused = new TreeMap<>();
        refusedByStatus.forEach((status, count) -> refused.put(Integer.toString(status), count.get()));
        counts.put("posts_refused_by_status", refused);
        counts.put("outages_noticed", outages.get());
        counts.put("due_messages_skipped_while_unreachable", skippedWhileUnreachable.get());
        counts.put("due_messages_skipped_too_many_open", skippedBusy.get());
        counts.put("conversations", conversations.size());
        return counts;
    }
}
