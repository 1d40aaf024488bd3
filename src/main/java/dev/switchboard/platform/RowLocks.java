package dev.switchboard.platform;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.dao.support.DataAccessUtils;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Row locks held until the transaction ends, taken by {@code SELECT ... FOR UPDATE}.
 * <p>
 * On H2 each lock runs on a prepared statement kept for its connection. H2 never keeps a
 * {@code FOR UPDATE} query in its per-connection statement cache ({@code Select.isCacheable}), so
 * a lock prepared anew each time was parsed each time (the case's lock alone took 6 % of an ingested
 * message's CPU). An UPDATE that changes nothing ({@code SET id = id}) is cached, and was used
 * before, but H2 runs every UPDATE as removing the row from each index of its table and adding it
 * again: locking a case rewrote its entries in all eleven of the case's indexes, and each commit
 * then wrote all their pages. {@code FOR UPDATE} marks the row in the table alone, and reads it in
 * the same statement.
 */
@Component
public class RowLocks {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final boolean keepStatements;
    /**
     * H2's connections and their lock statements (a connection is used by one thread at a time).
     * A statement holds its connection, so this cannot be weak: the pool's closed connections are
     * forgotten when a new one comes.
     */
    private final Map<Connection, Map<String, PreparedStatement>> kept = new HashMap<>();

    public RowLocks(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.template = new JdbcTemplate(dataSource);
        this.keepStatements = "H2".equals(productName(dataSource));
    }

    /**
     * Locks the rows of {@code table} that {@code where} (over its unqualified columns, with
     * {@code ?} for {@code params}) selects; returns how many there are.
     */
    public int lock(String table, String where, Object... params) {
        return query("SELECT 1 FROM " + table + " WHERE " + where + " FOR UPDATE", (rs, n) -> 1, params).size();
    }

    /**
     * Locks the row that {@code select} (a query of one table, with subqueries at most, and
     * {@code ?} for {@code params}) selects and reads it in the same statement, as it is once
     * locked: what another transaction holding it committed.
     */
    public <T> Optional<T> lockAndRead(String select, RowMapper<T> mapper, Object... params) {
        return DataAccessUtils.optionalResult(query(select + " FOR UPDATE", mapper, params));
    }

    private <T> List<T> query(String sql, RowMapper<T> mapper, Object[] params) {
        if (!keepStatements) {
            return jdbc.sql(sql).params(params).query(mapper).list();
        }
        return template.execute((ConnectionCallback<List<T>>) connection -> {
            try (ResultSet rows = runKept(connection, sql, params)) {
                return new RowMapperResultSetExtractor<>(mapper).extractData(rows);
            }
        });
    }

    private ResultSet runKept(Connection connection, String sql, Object[] params) throws SQLException {
        Connection own = connection.unwrap(org.h2.jdbc.JdbcConnection.class);
        Map<String, PreparedStatement> statements = statementsOf(own);
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = own.prepareStatement(sql);
            statements.put(sql, statement);
        }
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement.executeQuery();
    }

    private Map<String, PreparedStatement> statementsOf(Connection own) {
        synchronized (kept) {
            Map<String, PreparedStatement> statements = kept.get(own);
            if (statements == null) {
                kept.keySet().removeIf(RowLocks::isClosed);
                statements = new HashMap<>();
                kept.put(own, statements);
            }
            return statements;
        }
    }

    /** How many closed connections still have lock statements kept (for tests). */
    long closedConnectionsKept() {
        synchronized (kept) {
            return kept.keySet().stream().filter(RowLocks::isClosed).count();
        }
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static String productName(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }
}
