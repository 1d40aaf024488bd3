package dev.switchboard.support;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * H2's query statistics, for tests that count what a piece of work costs the database (counts,
 * never timings): how often statements containing some SQL ran between two snapshots. Registered
 * in a test class ({@code @RegisterExtension}), it counts during each test of the class.
 */
public final class QueryStatistics implements BeforeEachCallback, AfterEachCallback {

    private JdbcTemplate jdbc;

    @Override
    public void beforeEach(ExtensionContext context) {
        jdbc = SpringExtension.getApplicationContext(context).getBean(JdbcTemplate.class);
        jdbc.execute("SET QUERY_STATISTICS_MAX_ENTRIES 1000");
        jdbc.execute("SET QUERY_STATISTICS TRUE");
    }

    @Override
    public void afterEach(ExtensionContext context) {
        jdbc.execute("SET QUERY_STATISTICS FALSE");
    }

    /** Executions so far, by statement. */
    public Map<String, Long> executions() {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("SELECT SQL_STATEMENT, EXECUTION_COUNT FROM INFORMATION_SCHEMA.QUERY_STATISTICS",
                rs -> {
                    counts.merge(rs.getString(1), rs.getLong(2), Long::sum);
                });
        return counts;
    }

    /** Executions of statements containing {@code sql} (whitespace folded) between the two snapshots. */
    public static long delta(Map<String, Long> before, Map<String, Long> after, String sql) {
        return count(after, sql) - count(before, sql);
    }

    private static long count(Map<String, Long> counts, String sql) {
        return counts.entrySet().stream().filter(e -> e.getKey().replaceAll("\\s+", " ").contains(sql))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
