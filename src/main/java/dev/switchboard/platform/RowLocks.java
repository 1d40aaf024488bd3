package dev.switchboard.platform;

import java.sql.DatabaseMetaData;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Row locks held until the transaction ends. On PostgreSQL a row is locked by
 * {@code SELECT ... FOR UPDATE}. H2 never keeps a {@code FOR UPDATE} query in its per-connection
 * statement cache ({@code Select.isCacheable}), so there every lock was parsed anew: the case's
 * lock with its subqueries alone took 6 % of an ingested message's CPU. On H2 a row is locked
 * instead by an UPDATE that changes nothing ({@code SET id = id}): H2 parses it once per connection,
 * and it takes the same row lock, waits for another holder the same way and sees the row as that
 * holder committed it.
 */
@Component
public class RowLocks {

    private final JdbcClient jdbc;
    private final boolean byUpdate;

    public RowLocks(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.byUpdate = "H2".equals(productName(dataSource));
    }

    /**
     * Locks the rows of {@code table} that {@code where} (over its unqualified columns, with
     * {@code ?} for {@code params}) selects; returns how many there are.
     */
    public int lock(String table, String where, Object... params) {
        if (byUpdate) {
            return jdbc.sql("UPDATE " + table + " SET id = id WHERE " + where).params(params).update();
        }
        return jdbc.sql("SELECT 1 FROM " + table + " WHERE " + where + " FOR UPDATE").params(params)
                .query(Integer.class).list().size();
    }

    /**
     * Locks the row of {@code table} that {@code where} selects and reads it with {@code select}: a
     * query of that table with the same condition and parameters (without {@code FOR UPDATE}).
     */
    public <T> Optional<T> lockAndRead(String table, String where, String select, RowMapper<T> mapper,
            Object... params) {
        if (byUpdate) {
            return lock(table, where, params) == 0 ? Optional.empty()
                    : jdbc.sql(select).params(params).query(mapper).optional();
        }
        return jdbc.sql(select + " FOR UPDATE").params(params).query(mapper).optional();
    }

    private static String productName(DataSource dataSource) {
        try {
            return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
        } catch (MetaDataAccessException e) {
            throw new IllegalStateException("cannot tell which database this is", e);
        }
    }
}
