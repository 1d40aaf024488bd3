package dev.switchboard.desk.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import dev.switchboard.pipeline.PermanentDeliveryFailure;
import dev.switchboard.platform.GroupCommit;

/**
 * A batch of inbound messages in shared commits keeps each conversation's order when one of them
 * fails: the units run on a real H2 database through a {@link GroupCommit}, as the consumer runs them.
 */
class InOrderTest {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private JdbcClient jdbc;
    private GroupCommit commits;

    @BeforeEach
    void database() {
        dataSource.setURL("jdbc:h2:mem:in-order-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        jdbc = JdbcClient.create(dataSource);
        jdbc.sql("CREATE TABLE stored (seq INT AUTO_INCREMENT PRIMARY KEY, message VARCHAR(10))").update();
        commits = new GroupCommit("inbound", new DataSourceTransactionManager(dataSource), 64, Integer.MAX_VALUE,
                new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        jdbc.sql("SHUTDOWN").update();
    }

    @Test
    void theMessagesOfAConversationAfterOneThatFailedWaitForItWhileOtherConversationsGoOn() {
        AtomicBoolean databaseAway = new AtomicBoolean(true);
        List<String[]> batch = List.of(new String[] {"a", "a1"}, new String[] {"b", "b1"}, new String[] {"a", "a2"},
                new String[] {"b", "b2"}, new String[] {"a", "a3"}, new String[] {"b", "b3"});

        List<RuntimeException> first = run(batch, "a2", databaseAway);

        assertThat(first.get(2)).isInstanceOf(TransientDataAccessResourceException.class);
        assertThat(first.get(4)).as("a3, behind a2").isInstanceOf(InOrder.HeldBack.class);
        assertThat(stored()).containsExactly("a1", "b1", "b2", "b3");

        // the step runs again for the messages not stored, as route configuration "inbound" does
        databaseAway.set(false);
        List<RuntimeException> second = run(List.of(batch.get(2), batch.get(4)), "a2", databaseAway);

        assertThat(second).containsOnlyNulls();
        assertThat(stored()).containsExactly("a1", "b1", "b2", "b3", "a2", "a3");
    }

    @Test
    void aMessageThatCanNeverBeStoredDoesNotHoldItsConversationBack() {
        InOrder order = new InOrder();
        List<Runnable> units = List.of(
                order.unit("a", () -> store("a1")),
                order.unit("a", () -> {
                    throw new PermanentDeliveryFailure("no channel gone-away");
                }),
                order.unit("a", () -> store("a3")));
        List<RuntimeException> failures = commits.runEach(units);

        assertThat(failures.get(1)).isInstanceOf(PermanentDeliveryFailure.class);
        assertThat(failures.get(2)).isNull();
        assertThat(stored()).containsExactly("a1", "a3");
    }

    /** The batch's units, conversation and message each; {@code failing} throws while the database is away. */
    private List<RuntimeException> run(List<String[]> batch, String failing, AtomicBoolean databaseAway) {
        InOrder order = new InOrder();
        List<Runnable> units = batch.stream().map(m -> order.unit(m[0], () -> {
            store(m[1]);
            if (m[1].equals(failing) && databaseAway.get()) {
                throw new TransientDataAccessResourceException("the database is away");
            }
        })).toList();
        return commits.runEach(units);
    }

    private void store(String message) {
        jdbc.sql("INSERT INTO stored (message) VALUES (?)").param(message).update();
    }

    private List<String> stored() {
        return jdbc.sql("SELECT message FROM stored ORDER BY seq").query(String.class).list();
    }
}
