package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Work of many threads in shared commits, each caller with its own outcome (on a real H2 database). */
class GroupCommitTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DataSourceTransactionManager transactions;
    private JdbcClient jdbc;
    private GroupCommit commits;

    @BeforeEach
    void database() {
        dataSource.setURL("jdbc:h2:mem:group-commit-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        transactions = new DataSourceTransactionManager(dataSource);
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("CREATE TABLE note (id INT PRIMARY KEY)").update();
        commits = new GroupCommit("test", transactions, 64, 256, meters);
    }

    @AfterEach
    void stop() {
        callers.shutdownNow();
        jdbc.sql("SHUTDOWN").update();
    }

    @Test
    void workArrivingWhileABatchRunsSharesTheNextCommit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Set<Object> firstTransaction = ConcurrentHashMap.newKeySet();
        Set<Object> nextTransactions = ConcurrentHashMap.newKeySet();
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> commits.run(() -> {
            insert(0);
            firstTransaction.add(currentTransaction());
            waitFor(release);
        }), callers);
        await().until(() -> !firstTransaction.isEmpty());

        List<CompletableFuture<Void>> next = IntStream.rangeClosed(1, 5).mapToObj(i -> CompletableFuture.runAsync(
                () -> commits.run(() -> {
                    insert(i);
                    nextTransactions.add(currentTransaction());
                }), callers)).toList();
        await().until(() -> commits.waiting() == 5);
        release.countDown();

        first.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Void> f : next) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(nextTransactions).as("one transaction for the five").hasSize(1).doesNotContainAnyElementsOf(firstTransaction);
        assertThat(rows()).containsExactly(0, 1, 2, 3, 4, 5);
        DistributionSummary units = meters.get("switchboard.commit.units").tag("work", "test").summary();
        assertThat(units.count()).as("commits").isEqualTo(2);
        assertThat(units.max()).as("units in the larger").isEqualTo(5);
    }

    @Test
    void aFailingUnitFailsAloneAndTheOthersCommit() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture.runAsync(() -> commits.run(() -> {
            running.countDown();
            waitFor(release);
        }), callers);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Integer> one = CompletableFuture.supplyAsync(() -> commits.call(() -> insert(1)), callers);
        await().until(() -> commits.waiting() == 1);
        CompletableFuture<Integer> bad = CompletableFuture.supplyAsync(() -> commits.call(() -> {
            insert(2);
            throw new IllegalStateException("unit two cannot be stored");
        }), callers);
        await().until(() -> commits.waiting() == 2);
        CompletableFuture<Integer> three = CompletableFuture.supplyAsync(() -> commits.call(() -> insert(3)), callers);
        await().until(() -> commits.waiting() == 3);
        release.countDown();

        assertThat(one.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(three.get(10, TimeUnit.SECONDS)).isEqualTo(3);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("unit two cannot be stored");
        assertThat(rows()).containsExactly(1, 3);
    }

    @Test
    void aCallerBeyondTheWaitingLimitIsRefusedAtOnceAndItsWorkNeverRuns() throws Exception {
        GroupCommit small = new GroupCommit("small", transactions, 64, 2, meters);
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> leader = CompletableFuture.runAsync(() -> small.run(() -> {
            insert(0);
            running.countDown();
            waitFor(release);
        }), callers);
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Integer>> waiting = IntStream.rangeClosed(1, 2).mapToObj(i -> CompletableFuture
                .supplyAsync(() -> small.call(() -> insert(i)), callers)).toList();
        await().until(() -> small.waiting() == 2);

        assertThatThrownBy(() -> small.call(() -> insert(3))).isInstanceOf(Overloaded.class)
                .hasMessageContaining("send it again");
        release.countDown();

        leader.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Integer> f : waiting) {
            f.get(10, TimeUnit.SECONDS);
        }
        assertThat(rows()).containsExactly(0, 1, 2);
        assertThat(meters.get("switchboard.commit.refused").tag("work", "small").counter().count()).isEqualTo(1);
        assertThat(small.call(() -> insert(4))).as("taken again once the queue drained").isEqualTo(4);
    }

    @Test
    void aCallerInATransactionRunsItsWorkInIt() {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            commits.run(() -> insert(7));
            throw new IllegalStateException("the caller's transaction rolls back");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(rows()).isEmpty();
    }

    @Test
    void manyCallersEachGetTheirOwnResultAndEveryRowCommits() throws Exception {
        List<CompletableFuture<Integer>> all = IntStream.range(0, 200).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> commits.call(() -> insert(i)), callers)).toList();

        for (int i = 0; i < all.size(); i++) {
            assertThat(all.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(rows()).hasSize(200).containsExactlyElementsOf(IntStream.range(0, 200).boxed().toList());
    }

    @Test
    void oneCallersUnitsShareCommitsInTheirOrderAndEachFailsAlone() {
        List<Integer> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<Runnable> units = IntStream.range(0, 100).<Runnable>mapToObj(i -> () -> {
            order.add(i);
            insert(i);
            if (i == 42) {
                throw new IllegalStateException("unit 42 cannot be stored");
            }
        }).toList();

        List<RuntimeException> failures = commits.runEach(units);

        assertThat(failures).hasSize(100);
        assertThat(failures.get(42)).hasMessage("unit 42 cannot be stored");
        assertThat(failures.stream().filter(java.util.Objects::nonNull)).hasSize(1);
        assertThat(rows()).hasSize(99).doesNotContain(42);
        DistributionSummary commitUnits = meters.get("switchboard.commit.units").tag("work", "test").summary();
        // 64 and 36 units, the first batch rolled back for unit 42 and each of its units run again alone
        assertThat(commitUnits.totalAmount()).as("units committed").isEqualTo(99);
        assertThat(commitUnits.max()).as("the batch without the failing unit").isEqualTo(36);
        assertThat(order.subList(0, 43)).as("first the shared batch up to the failure")
                .containsExactlyElementsOf(IntStream.rangeClosed(0, 42).boxed().toList());
        assertThat(order.subList(43, order.size())).as("then each unit alone, in order, then the next batch")
                .containsExactlyElementsOf(IntStream.range(0, 100).boxed().toList());
    }

    private int insert(int id) {
        jdbc.sql("INSERT INTO note (id) VALUES (?)").param(id).update();
        return id;
    }

    private List<Integer> rows() {
        return jdbc.sql("SELECT id FROM note ORDER BY id").query(Integer.class).list();
    }

    private Object currentTransaction() {
        return TransactionSynchronizationManager.getResource(dataSource);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
