package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Rows read once per transaction, kept as written, forgotten when the transaction ends. */
class TransactionReadsTest {

    private final TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(
            new DriverManagerDataSource("jdbc:h2:mem:reads;DB_CLOSE_DELAY=-1", "sa", "")));
    private final TransactionReads<Long, String> reads = new TransactionReads<>();
    private final AtomicInteger loads = new AtomicInteger();

    private Optional<String> load(long id) {
        loads.incrementAndGet();
        return Optional.of("row " + id);
    }

    @Test
    void aRowIsLoadedOncePerTransactionAndAgainInTheNext() {
        transaction.executeWithoutResult(status -> {
            assertThat(reads.get(1L, this::load)).contains("row 1");
            assertThat(reads.get(1L, this::load)).contains("row 1");
        });
        assertThat(loads).hasValue(1);

        transaction.executeWithoutResult(status -> reads.get(1L, this::load));
        assertThat(loads).hasValue(2);
    }

    @Test
    void outsideATransactionNothingIsKept() {
        reads.get(1L, this::load);
        reads.get(1L, this::load);
        reads.keep(2L, "written");
        reads.update(1L, row -> row + " changed");

        assertThat(loads).hasValue(2);
        assertThat(reads.kept(2L)).isEmpty();
    }

    @Test
    void aRowWrittenIsKeptAsWrittenUntilEvicted() {
        transaction.executeWithoutResult(status -> {
            reads.get(1L, this::load);
            reads.update(1L, row -> row + " changed");
            assertThat(reads.get(1L, this::load)).contains("row 1 changed");
            assertThat(loads).hasValue(1);

            reads.evict(1L);
            assertThat(reads.get(1L, this::load)).contains("row 1");
            assertThat(loads).hasValue(2);
        });
    }

    @Test
    void anUpdateOfARowNotReadKeepsNothing() {
        transaction.executeWithoutResult(status -> {
            reads.update(1L, row -> row + " changed");
            assertThat(reads.kept(1L)).isEmpty();
            assertThat(reads.get(1L, this::load)).contains("row 1");
        });
        assertThat(loads).hasValue(1);
    }

    @Test
    void whatATransactionKeptIsFoundUntilItEnds() {
        transaction.executeWithoutResult(status -> {
            reads.keep(2L, "written");
            assertThat(reads.kept(2L)).contains("written");
            assertThat(reads.get(2L, this::load)).contains("written");
            assertThat(reads.kept(3L)).isEmpty();
        });
        assertThat(loads).hasValue(0);

        transaction.executeWithoutResult(status -> assertThat(reads.kept(2L)).isEmpty());
    }

    @Test
    void aRollbackToASavepointForgetsEverything() {
        transaction.executeWithoutResult(status -> {
            reads.keep(2L, "written");
            reads.get(1L, this::load);
            TransactionReads.forgetAll();
            assertThat(reads.kept(2L)).isEmpty();
            reads.get(1L, this::load);
        });
        assertThat(loads).hasValue(2);
    }
}
