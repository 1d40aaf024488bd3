package dev.switchboard.support;

import java.util.HashMap;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * H2's query statistics, for tests that count what a piece of work costs the database (counts,
 * never timings): how often statements containing some SQL ran between two snapshots.
 */
public final class QueryStatistics {

    private final JdbcTemplate jdbc;

    public QueryStatistics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void start() {
        jdbc.execute("SET QUERY_STATISTICS_MAX_ENTRIES 1000");
        jdbc.execute("SET QUERY_STATISTICS TRUE");
    }

    public void stop() {
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
