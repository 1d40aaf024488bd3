package dev.switchboard.platform;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Rows read once per transaction. One change touches the same case, user and channel from many
 * places (the message, the chat lifecycle, the rules, the bots, the delivery); each of them reads
 * through this, and the first read's result serves the rest of the transaction. A repository
 * evicts what it writes or locks, so a read after a lock or an update always goes to the
 * database, unless it knows the row as it wrote it ({@link #update}). Outside a transaction nothing
 * is kept. Code that rolls back to a savepoint and goes on
 * calls {@link #forgetAll()}: what was read inside the savepoint may have been undone.
 */
public final class TransactionReads<K, V> {

    private static final java.util.List<TransactionReads<?, ?>> ALL = new java.util.concurrent.CopyOnWriteArrayList<>();

    private final Object resourceKey = new Object();

    public TransactionReads() {
        ALL.add(this);
    }

    /** Forgets every read of this transaction (after a rollback to a savepoint). */
    public static void forgetAll() {
        ALL.forEach(TransactionReads::evictAll);
    }

    /** The value for {@code key}: kept from earlier in this transaction, or loaded now. */
    public Optional<V> get(K key, Function<K, Optional<V>> loader) {
        Map<K, Optional<V>> reads = reads(true);
        if (reads == null) {
            return loader.apply(key);
        }
        Optional<V> kept = reads.get(key);
        if (kept == null) {
            kept = loader.apply(key);
            reads.put(key, kept);
        }
        return kept;
    }

    /** Keeps {@code value} for {@code key} until the transaction ends (what this transaction wrote). */
    public void keep(K key, V value) {
        Map<K, Optional<V>> reads = reads(true);
        if (reads != null) {
            reads.put(key, Optional.of(value));
        }
    }

    /** The value kept for {@code key} in this transaction; empty when none is (or it was read as absent). */
    public Optional<V> kept(K key) {
        Map<K, Optional<V>> reads = reads(false);
        Optional<V> kept = reads == null ? null : reads.get(key);
        return kept == null ? Optional.empty() : kept;
    }

    /**
     * Keeps the row as this transaction just wrote it: {@code written} turns the kept value into
     * the new one (a statement less for every later read). When nothing is kept, nothing changes.
     */
    public void update(K key, UnaryOperator<V> written) {
        Map<K, Optional<V>> reads = reads(false);
        if (reads != null) {
            reads.computeIfPresent(key, (k, kept) -> kept.map(written));
        }
    }

    public void evict(K key) {
        Map<K, Optional<V>> reads = reads(false);
        if (reads != null) {
            reads.remove(key);
        }
    }

    public void evictAll() {
        Map<K, Optional<V>> reads = reads(false);
        if (reads != null) {
            reads.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<K, Optional<V>> reads(boolean create) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || !TransactionSynchronizationManager.isActualTransactionActive()) {
            return null;
        }
        Map<K, Optional<V>> reads = (Map<K, Optional<V>>) TransactionSynchronizationManager.getResource(resourceKey);
        if (reads == null && create) {
            reads = new HashMap<>();
            TransactionSynchronizationManager.bindResource(resourceKey, reads);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(resourceKey);
                }
            });
        }
        return reads;
    }
}
