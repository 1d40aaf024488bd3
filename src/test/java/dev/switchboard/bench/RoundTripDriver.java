package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Drives customers' messages through the desk API, in two ways:
 * <ul>
 * <li>{@link #closedLoop}: a fixed number of round trips in flight; each sender posts a message,
 * waits until its answer reached the webhook receiver, and posts the next — the sustained rate at
 * saturation;</li>
 * <li>{@link #openLoop}: messages due on a clock at a fixed rate, sent when due whatever the
 * earlier ones are doing (a slow answer never delays the schedule; when a message goes out late
 * its actual send time is recorded), at most {@code maxOutstanding} POSTs unanswered at once
 * (beyond that a due message is skipped and counted).</li>
 * </ul>
 * Either way a conversation has one message on the way at a time, and its next message goes out
 * only after the previous POST returned.
 */
final class RoundTripDriver {

    /** What the driver saw of a phase besides the ledger. */
    record Run(String phase, long startedAt, long endedAt, long skipped, long extraConversations) {
        double seconds() {
            return (endedAt - startedAt) / 1e9;
        }
    }

    private final Ledger ledger;
    private final CustomerClient client;
    private final ConversationPool pool;
    private final boolean expectsAnswer;

    RoundTripDriver(Ledger ledger, CustomerClient client, ConversationPool pool, boolean expectsAnswer) {
        this.ledger = ledger;
        this.client = client;
        this.pool = pool;
        this.expectsAnswer = expectsAnswer;
    }

    /**
     * {@code inFlight} senders for {@code duration}; with answers expected, each waits for its
     * message's answer (at most {@code answerWait}) before the next.
     */
    Run closedLoop(String phase, int inFlight, Duration duration, Duration answerWait) {
        long extraBefore = pool.extra();
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            Thread sender = new Thread(() -> {
                while (System.nanoTime() < deadline) {
                    Conversation conversation = pool.take();
                    Ledger.Entry entry = ledger.entry(conversation.key(conversation.next()), phase, expectsAnswer,
                            System.nanoTime());
                    boolean accepted = client.post(conversation, entry);
                    pool.giveBack(conversation);
                    if (accepted && expectsAnswer) {
                        try {
                            entry.answer.get(answerWait.toMillis(), TimeUnit.MILLISECONDS);
                        } catch (TimeoutException | ExecutionException late) {
                            // counted as unanswered unless it still arrives
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    } else if (!accepted) {
                        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                    }
                }
            }, phase + "-sender-" + i);
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new Run(phase, start, deadline, 0, pool.extra() - extraBefore);
    }

    /** {@code rate} messages per second, due on a clock, for {@code duration}. */
    Run openLoop(String phase, int rate, Duration duration, int maxOutstanding) {
        long extraBefore = pool.extra();
        AtomicLong outstanding = new AtomicLong();
        long skipped = 0;
        long start = System.nanoTime();
        long total = Math.max(1, Math.round(rate * duration.toNanos() / 1e9));
        double interval = 1e9 / rate;
        for (long i = 0; i < total; i++) {
            long due = start + Math.round(i * interval);
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(Math.min(wait, 1_000_000));
            }
            if (outstanding.get() >= maxOutstanding) {
                skipped++;
                continue;
            }
            Conversation conversation = pool.take();
            Ledger.Entry entry = ledger.entry(conversation.key(conversation.next()), phase, expectsAnswer, due);
            outstanding.incrementAndGet();
            client.postAsync(conversation, entry).whenComplete((accepted, error) -> {
                pool.giveBack(conversation);
                outstanding.decrementAndGet();
            });
        }
        long scheduleEnd = Math.max(System.nanoTime(), start + duration.toNanos());
        await(() -> outstanding.get() == 0, CustomerClient.TIMEOUT.plusSeconds(5));
        return new Run(phase, start, scheduleEnd, skipped, pool.extra() - extraBefore);
    }

    /**
     * Waits until {@code done} holds, for as long as {@code progress} keeps changing: gives up when it
     * has not changed for {@code stall}, or after {@code limit} in all. True when {@code done} holds.
     */
    static boolean awaitWhileProgressing(BooleanSupplier done, java.util.function.LongSupplier progress, Duration stall,
            Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        long last = progress.getAsLong();
        long lastChange = System.nanoTime();
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            long current = progress.getAsLong();
            if (current != last) {
                last = current;
                lastChange = now;
            }
            if (now > deadline || now - lastChange > stall.toNanos()) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return true;
    }

    /** Waits until {@code done} holds or {@code timeout} passed; true when it holds. */
    static boolean await(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return true;
    }
}
