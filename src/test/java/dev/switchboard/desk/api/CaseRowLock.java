package dev.switchboard.desk.api;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A desk case's row held locked by a transaction of the test's own, as another node or a long
 * statement would: a write to that case waits behind it (or gives up at the lock timeout) until
 * the lock is let go, which rolls the transaction back.
 */
final class CaseRowLock implements AutoCloseable {

    private final Connection connection;
    private final JdbcTemplate jdbc;

    private CaseRowLock(Connection connection, DataSource dataSource) {
        this.connection = connection;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    static CaseRowLock hold(DataSource dataSource, long caseId) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.executeUpdate("UPDATE desk_case SET id = id WHERE id = " + caseId);
            return new CaseRowLock(connection, dataSource);
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Waits until some write is blocked behind a lock (H2's sessions say who blocks them). */
    void awaitAWriteWaiting() {
        await().until(() -> {
            Integer blocked = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id IS NOT NULL", Integer.class);
            return blocked != null && blocked > 0;
        });
    }

    @Override
    public void close() throws SQLException {
        try (connection) {
            connection.rollback();
        }
    }
}
