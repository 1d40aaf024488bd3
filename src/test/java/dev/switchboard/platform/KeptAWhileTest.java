package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** Credentials kept for a while: found rows only, forgotten on a write and again after its transaction. */
class KeptAWhileTest {

    private final TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(
            new DriverManagerDataSource("jdbc:h2:mem:kept;DB_CLOSE_DELAY=-1", "sa", "")));
    private final AtomicInteger loads = new AtomicInteger();
    private volatile String row = "v1";

    private Optional<String> load(String key) {
        loads.incrementAndGet();
        return Optional.ofNullable(row);
    }

    @Test
    void aFoundRowIsKeptForItsTime() {
        KeptAWhile<String, String> kept = new KeptAWhile<>(Duration.ofHours(1));
        assertThat(kept.get("a", this::load)).contains("v1");
        row = "v2";
        assertThat(kept.get("a", this::load)).contains("v1");
        assertThat(loads).hasValue(1);

        KeptAWhile<String, String> expiring = new KeptAWhile<>(Duration.ZERO);
        expiring.get("a", this::load);
        assertThat(expiring.get("a", this::load)).contains("v2");
        assertThat(loads).hasValue(3);
    }

    @Test
    void aRowNotFoundIsNotKept() {
        KeptAWhile<String, String> kept = new KeptAWhile<>(Duration.ofHours(1));
        row = null;
        assertThat(kept.get("a", this::load)).isEmpty();
        row = "created";
        assertThat(kept.get("a", this::load)).contains("created");
    }

    @Test
    void aWriteForgetsAtOnceAndAgainWhenItsTransactionEnds() {
        KeptAWhile<String, String> kept = new KeptAWhile<>(Duration.ofHours(1));
        kept.get("a", this::load);
        transaction.executeWithoutResult(status -> {
            row = "v2";
            kept.forget();
            // a concurrent call reads the row as it was before the commit
            row = "v1";
            assertThat(kept.get("a", this::load)).contains("v1");
            row = "v2";
        });
        assertThat(kept.get("a", this::load)).as("read again after the commit").contains("v2");
        assertThat(loads).hasValue(3);
    }
}
