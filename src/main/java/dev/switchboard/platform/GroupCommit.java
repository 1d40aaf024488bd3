package dev.switchboard.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs units of work that arrive together from many threads in one transaction, so that they share
 * one commit. The commit is the dearest part of a small transaction: H2 writes every page the
 * transaction touched (a third of the CPU an inbound message took), PostgreSQL waits for its log
 * to reach the disk.
 * <p>
 * The first caller to find no batch running becomes its leader: it runs the work of everyone
 * waiting (up to {@code maxBatch}, in arrival order) in one transaction on its own thread and
 * commits it; the others wait for their turn or their result. Each caller returns once its work
 * has committed, or gets the exception its work threw. A batch that fails is rolled back and its
 * units are run again, each alone in its own transaction, so one failing unit never takes the others
 * with it and every unit's outcome is its own. A caller already inside a transaction runs its work in
 * that transaction.
 * <p>
 * Work runs on whichever thread leads, so it must take what it needs as arguments, not from the
 * thread (no security context, no request attributes), and it must be safe to run twice: only its
 * database changes are undone by a rollback.
 * <p>
 * At most {@code maxWaiting} units wait for a batch; a caller beyond them is refused at once with
 * {@link Overloaded}, before its work runs. Work offered faster than the lane commits it would
 * otherwise queue without bound, every caller waiting longer, until requests time out while
 * their work is still stored and the threads and connections they hold starve everything else.
 * <p>
 * Metrics (tag {@code work}): {@code switchboard.commit.units}, how many units each commit carried;
 * {@code switchboard.commit.refused}, callers refused because the lane was full.
 */
public final class GroupCommit {

    private final TransactionTemplate transaction;
    private final int maxBatch;
    private final int maxWaiting;
    private final String work;
    private final DistributionSummary units;
    private final Counter refused;
    /** Fair: callers take their turn in arrival order, so one whose work is done is not kept behind new ones. */
    private final ReentrantLock turn = new ReentrantLock(true);
    private final Queue<Unit<?>> waiting = new ConcurrentLinkedQueue<>();
    /** Units in {@link #waiting} (its size() walks the queue). */
    private final AtomicInteger queued = new AtomicInteger();

    /** {@code work}: what the units are, for the metric (e.g. "inbound"). */
    public GroupCommit(String work, PlatformTransactionManager transactions, int maxBatch, int maxWaiting,
            MeterRegistry meters) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("a batch holds at least one unit of work, not " + maxBatch);
        }
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("at least one unit of work may wait, not " + maxWaiting);
        }
        this.transaction = new TransactionTemplate(transactions);
        this.work = work;
        this.maxBatch = maxBatch;
        this.maxWaiting = maxWaiting;
        this.units = DistributionSummary.builder("switchboard.commit.units")
                .description("Units of work that shared one commit").tag("work", work).register(meters);
        this.refused = Counter.builder("switchboard.commit.refused")
                .description("Units of work refused because too many were waiting").tag("work", work).register(meters);
    }

    /** Runs {@code work} in a transaction shared with the work of other callers; see the class. */
    public void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Like {@link #run}, returning what the work returns once it has committed. */
    public <T> T call(Supplier<T> work) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            return work.get();
        }
        admit(1);
        Unit<T> unit = new Unit<>(work);
        waiting.add(unit);
        awaitEnd(unit);
        return unit.outcome();
    }

    /**
     * Runs each of {@code works} as {@link #run} would, all queued at once and in their order, so
     * that they share commits with each other and with other callers' work (a consumer that took
     * several messages off the broker in one transaction). Returns once every one has ended: at
     * each index the failure of that work, or null when it committed. A caller already inside a
     * transaction runs them in it, a failure propagating at once.
     */
    public List<RuntimeException> runEach(List<? extends Runnable> works) {
        List<RuntimeException> failures = new ArrayList<>(works.size());
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            works.forEach(work -> {
                work.run();
                failures.add(null);
            });
            return failures;
        }
        admit(works.size());
        List<Unit<Void>> units = works.stream().map(work -> new Unit<Void>(() -> {
            work.run();
            return null;
        })).toList();
        waiting.addAll(units);
        for (Unit<Void> unit : units) {
            awaitEnd(unit);
            failures.add(unit.failure());
        }
        return failures;
    }

    private void admit(int count) {
        if (queued.addAndGet(count) > maxWaiting) {
            queued.addAndGet(-count);
            refused.increment(count);
            throw new Overloaded(this.work, maxWaiting);
        }
    }

    /** Leads batches until {@code unit} has ended (run by this thread or by another leader). */
    private void awaitEnd(Unit<?> unit) {
        while (!unit.done) {
            turn.lock();
            try {
                if (!unit.done) {
                    lead();
                }
            } finally {
                turn.unlock();
            }
        }
    }

    /** Units queued and not yet taken into a batch. */
    int waiting() {
        return queued.get();
    }

    private void lead() {
        List<Unit<?>> batch = new ArrayList<>();
        for (Unit<?> next; batch.size() < maxBatch && (next = waiting.poll()) != null; ) {
            queued.decrementAndGet();
            batch.add(next);
        }
        try {
            if (batch.size() > 1) {
                try {
                    transaction.executeWithoutResult(status -> batch.forEach(Unit::runIn));
                    batch.forEach(Unit::committed);
                    units.record(batch.size());
                } catch (RuntimeException failed) {
                    batch.forEach(Unit::forget);
                }
            }
            for (Unit<?> unit : batch) {
                if (!unit.done) {
                    alone(unit);
                }
            }
        } catch (Throwable unexpected) {
            // an Error: every unit taken from the queue must end, or its caller would wait for ever
            batch.stream().filter(u -> !u.done).forEach(u -> u.end(unexpected));
            throw unexpected;
        }
    }

    private void alone(Unit<?> unit) {
        try {
            transaction.executeWithoutResult(status -> unit.runIn());
            unit.committed();
            units.record(1);
        } catch (RuntimeException failed) {
            unit.end(failed);
        }
    }

    /** One caller's work; its fields are written by the leader and read by the caller after the turn lock. */
    private static final class Unit<T> {

        private final Supplier<T> work;
        private T result;
        private Throwable failure;
        private volatile boolean done;

        Unit(Supplier<T> work) {
            this.work = work;
        }

        void runIn() {
            result = work.get();
        }

        void committed() {
            done = true;
        }

        void forget() {
            result = null;
        }

        void end(Throwable failure) {
            this.failure = failure;
            done = true;
        }

        T outcome() {
            RuntimeException failed = failure();
            if (failed != null) {
                throw failed;
            }
            return result;
        }

        /** The work's exception, null once it committed; an Error is thrown. */
        RuntimeException failure() {
            if (failure instanceof Error e) {
                throw e;
            }
            return (RuntimeException) failure;
        }
    }
}
