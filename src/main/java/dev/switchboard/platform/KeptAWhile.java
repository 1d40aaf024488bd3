package dev.switchboard.platform;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows every API call needs (the credentials it authenticates with), kept for a short while
 * instead of read on every call. A write on this node forgets them all at once and again when its
 * transaction ends, so what a concurrent call read in between (the row as it was before the
 * commit) is not kept either; a write on another node applies within {@code ttl}. A row not found
 * is never kept: it may be being created, and must be found as soon as its transaction commits.
 */
public final class KeptAWhile<K, V> {

    private static final int MAX_KEPT = 10_000;

    private record Kept<V>(V value, long readAt) {
    }

    private final long ttlNanos;
    private final Map<K, Kept<V>> kept = new ConcurrentHashMap<>();

    public KeptAWhile(Duration ttl) {
        this.ttlNanos = ttl.toNanos();
    }

    /** The value for {@code key}: kept from a read less than ttl ago, or loaded now. */
    public Optional<V> get(K key, Function<K, Optional<V>> loader) {
        long now = System.nanoTime();
        Kept<V> found = kept.get(key);
        if (found != null && now - found.readAt() < ttlNanos) {
            return Optional.of(found.value());
        }
        Optional<V> read = loader.apply(key);
        if (kept.size() > MAX_KEPT) {
            kept.clear();
        }
        read.ifPresent(value -> kept.put(key, new Kept<>(value, now)));
        return read;
    }

    /** Forgets everything now and, inside a transaction, again when it ends (call after a write). */
    public void forget() {
        kept.clear();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    kept.clear();
                }
            });
        }
    }
}
