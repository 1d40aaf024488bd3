package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every customer message of the run: when it was due, sent, accepted (the POST answered 2xx), and
 * when its answer reached the channel's webhook receiver. Times are {@link System#nanoTime()}.
 */
final class Ledger {

    /** One customer message. */
    static final class Entry {
        final String key;
        final String phase;
        final boolean expectsAnswer;
        volatile long dueAt;
        volatile long sentAt;
        volatile long acceptedAt;
        volatile long answeredAt;
        /** The bot got the event showing this message / the bot API accepted the bot's answer. */
        volatile long eventAt;
        volatile long replyAcceptedAt;
        volatile int status;
        volatile String error;
        final AtomicInteger answers = new AtomicInteger();
        /** Completed with the answer's arrival time. */
        final CompletableFuture<Long> answer = new CompletableFuture<>();

        Entry(String key, String phase, boolean expectsAnswer) {
            this.key = key;
            this.phase = phase;
            this.expectsAnswer = expectsAnswer;
        }

        boolean accepted() {
            return acceptedAt != 0;
        }

        boolean answered() {
            return answeredAt != 0;
        }
    }

    private final Timeline timeline;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicInteger conversations = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong answers = new java.util.concurrent.atomic.AtomicLong();

    Ledger(Timeline timeline) {
        this.timeline = timeline;
    }

    Timeline timeline() {
        return timeline;
    }

    /** A new conversation named {@code <prefix><n>}, n unique in the run. */
    Conversation newConversation(String prefix, int messages) {
        return new Conversation(prefix + conversations.incrementAndGet(), messages);
    }

    Entry entry(String key, String phase, boolean expectsAnswer, long dueAt) {
        Entry entry = new Entry(key, phase, expectsAnswer);
        entry.dueAt = dueAt;
        if (entries.putIfAbsent(key, entry) != null) {
            throw new IllegalStateException("message " + key + " sent twice");
        }
        return entry;
    }

    void sent(Entry entry, long nanos) {
        entry.sentAt = nanos;
        timeline.count(entry.phase.startsWith("ingest") ? entry.phase + ".sent" : "sent", nanos);
    }

    void accepted(Entry entry, int status, long nanos) {
        entry.status = status;
        entry.acceptedAt = nanos;
        timeline.count(entry.phase.startsWith("ingest") ? entry.phase + ".accepted" : "accepted", nanos);
    }

    void refused(Entry entry, int status, String error) {
        entry.status = status;
        entry.error = error;
        timeline.count("refused", System.nanoTime());
    }

    /**
     * The answer to {@code key} arrived (first copy); returns its entry, or null for a key no
     * customer message had.
     */
    Entry answered(String key, long nanos) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (entry.answers.incrementAndGet() == 1) {
            answers.incrementAndGet();
            entry.answeredAt = nanos;
            timeline.count("answered", nanos);
            entry.answer.complete(nanos);
        }
        return entry;
    }

    /** Customer messages answered so far (first answers only): a measure of progress. */
    long answeredCount() {
        return answers.get();
    }

    Entry get(String key) {
        return entries.get(key);
    }

    Collection<Entry> all() {
        return entries.values();
    }

    List<Entry> ofPhase(String phase) {
        List<Entry> list = new ArrayList<>();
        for (Entry entry : entries.values()) {
            if (entry.phase.equals(phase)) {
                list.add(entry);
            }
        }
        return list;
    }

    /** Accepted messages of a phase that expect an answer and have none yet. */
    long unanswered(String phase) {
        return ofPhase(phase).stream().filter(e -> e.expectsAnswer && e.accepted() && !e.answered()).count();
    }

    /** Refused attempts by status ({@code 0}: no answer at all, e.g. a timeout). */
    static Map<String, Long> refusals(List<Entry> entries) {
        Map<String, Long> byStatus = new TreeMap<>();
        for (Entry e : entries) {
            if (!e.accepted() && e.sentAt != 0) {
                byStatus.merge(Integer.toString(e.status), 1L, Long::sum);
            }
        }
        return byStatus;
    }
}
