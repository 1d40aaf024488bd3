package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What a row lock must do on every database: hold off a second locker until the first transaction
 * ends, and then let it read the row as the first one committed it. Run on H2 (on a statement
 * kept per connection) and on PostgreSQL by the classes implementing it; Spring injects the beans
 * into the test methods.
 */
interface RowLockScenarios {

    String SELECT = "SELECT title FROM label WHERE id = ?";

    private static long newLabel(JdbcClient jdbc, String title) {
        jdbc.sql("INSERT INTO label (title, created_at) VALUES (?, ?)").params(title, OffsetDateTime.now()).update();
        return jdbc.sql("SELECT id FROM label WHERE title = ?").param(title).query(Long.class).single();
    }

    @Test
    default void aLockReadsTheRowAndCountsWhatItLocked(@Autowired JdbcClient jdbc, @Autowired RowLocks locks,
            @Autowired PlatformTransactionManager transactions) {
        String title = "lock-" + UUID.randomUUID();
        long id = newLabel(jdbc, title);
        TransactionTemplate transaction = new TransactionTemplate(transactions);

        transaction.executeWithoutResult(status -> {
            assertThat(locks.lock("label", "id = ?", id)).isEqualTo(1);
            assertThat(locks.lock("label", "id = ?", -1L)).isZero();
            assertThat(locks.lockAndRead(SELECT, (rs, n) -> rs.getString(1), id)).contains(title);
            assertThat(locks.lockAndRead(SELECT, (rs, n) -> rs.getString(1), -1L)).isEmpty();
        });
        assertThat(jdbc.sql(SELECT).param(id).query(String.class).single()).isEqualTo(title);
    }

    @Test
    default void aSecondLockerWaitsAndReadsWhatTheFirstCommitted(@Autowired JdbcClient jdbc,
            @Autowired RowLocks locks, @Autowired PlatformTransactionManager transactions) throws Exception {
        long id = newLabel(jdbc, "lock-" + UUID.randomUUID());
        String changed = "changed-" + UUID.randomUUID();
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        CountDownLatch firstHoldsIt = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            locks.lock("label", "id = ?", id);
            jdbc.sql("UPDATE label SET title = ? WHERE id = ?").params(changed, id).update();
            firstHoldsIt.countDown();
            waitFor(letGo);
        }));
        assertThat(firstHoldsIt.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Optional<String>> second = CompletableFuture.supplyAsync(() -> transaction.execute(
                status -> locks.lockAndRead(SELECT, (rs, n) -> rs.getString(1), id)));

        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() -> !second.isDone());
        letGo.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThat(second.get(10, TimeUnit.SECONDS)).contains(changed);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
