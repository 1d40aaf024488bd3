package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.engine.SessionLocal;
import org.h2.index.Index;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.db.MVIndex;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.support.AppTest;

/** Row locks on the embedded H2 database. */
class RowLocksTest extends AppTest implements RowLockScenarios {

    /**
     * H2 runs an UPDATE as removing the row from every index of its table and adding it again, so
     * a lock taken by one rewrote them all; a lock must mark the row in the table and leave the
     * table's other indexes as they were (H2's B-trees are copy-on-write: a touched index has a new
     * root page).
     */
    @Test
    void aLockMarksTheRowAndLeavesTheOtherIndexesAlone(@Autowired JdbcClient jdbc, @Autowired RowLocks locks,
            @Autowired PlatformTransactionManager transactions, @Autowired DataSource dataSource) {
        String title = "lock-" + UUID.randomUUID();
        jdbc.sql("INSERT INTO label (title, created_at) VALUES (?, ?)").params(title, OffsetDateTime.now()).update();
        long id = jdbc.sql("SELECT id FROM label WHERE title = ?").param(title).query(Long.class).single();

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            Object table = root(dataSource, "PRIMARY_KEY");
            Object titles = root(dataSource, "LABEL_TITLE_UQ");
            assertThat(locks.lock("label", "id = ?", id)).isEqualTo(1);
            assertThat(root(dataSource, "PRIMARY_KEY")).as("the table, marked").isNotSameAs(table);
            assertThat(root(dataSource, "LABEL_TITLE_UQ")).as("the index on title").isSameAs(titles);
        });
    }

    /**
     * The lock statements are kept per connection and hold it, so the pool's closed connections
     * must not stay with them: they are forgotten when the next new connection locks.
     */
    @Test
    void theStatementsOfClosedConnectionsAreForgotten(@Autowired RowLocks locks,
            @Autowired PlatformTransactionManager transactions, @Autowired DataSource dataSource) throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        transaction.executeWithoutResult(status -> locks.lock("label", "id = ?", -1L));

        dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
        await().atMost(Duration.ofSeconds(10)).until(() -> locks.closedConnectionsKept() > 0);
        transaction.executeWithoutResult(status -> locks.lock("label", "id = ?", -1L));

        assertThat(locks.closedConnectionsKept()).isZero();
    }

    /** The root page of the label table's index whose name starts with {@code name}, as this transaction sees it. */
    private static Object root(DataSource dataSource, String name) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            for (Index index : session.getDatabase().getSchema("PUBLIC").getTableOrView(session, "LABEL").getIndexes()) {
                if (index.getName().startsWith(name)) {
                    return ((MVIndex<?, ?>) index).getMVMap().getRootPage();
                }
            }
            throw new IllegalStateException("no index " + name + " on label");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }
}
