package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.support.DeskClient;

/**
 * What Switchboard has stored, read from outside: the row count of every table of its database
 * (read over JDBC next to the running process — H2 in its automatic mixed mode, or the PostgreSQL
 * of the {@code postgres} profile), the files in its attachment store, the calls its webhooks
 * received; and, through the desk API as the administrator, the counts of every list.
 * <p>
 * Quartz's tables and Flyway's history are left out: the scheduler writes them on its own.
 */
final class BadInputState implements AutoCloseable {

    /** Row counts per table, attachment files and webhook calls at one moment. */
    record Snapshot(Map<String, Long> rows, long files, long webhookCalls) {

        /** What differs from {@code before}: table (or {@code files}, {@code webhook_calls}) -> change. */
        Map<String, Long> minus(Snapshot before) {
            Map<String, Long> changes = new TreeMap<>();
            TreeSet<String> tables = new TreeSet<>(rows.keySet());
            tables.addAll(before.rows.keySet());
            for (String table : tables) {
                long delta = rows.getOrDefault(table, 0L) - before.rows.getOrDefault(table, 0L);
                if (delta != 0) {
                    changes.put(table, delta);
                }
            }
            if (files != before.files) {
                changes.put("files", files - before.files);
            }
            if (webhookCalls != before.webhookCalls) {
                changes.put("webhook_calls", webhookCalls - before.webhookCalls);
            }
            return changes;
        }
    }

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final Path filesDirectory;
    private final BadInputPeers peers;
    private Connection connection;
    private String countQuery;

    BadInputState(String jdbcUrl, String user, String password, Path filesDirectory, BadInputPeers peers) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
        this.filesDirectory = filesDirectory;
        this.peers = peers;
    }

    /**
     * The H2 URL to give Switchboard and to read it with: Switchboard's own settings on the same
     * file, in H2's mixed mode (AUTO_SERVER) so this process may open it too. H2 refuses mixed mode
     * with DB_CLOSE_ON_EXIT=FALSE, so that one setting is left out: it only decides who closes the
     * database when the JVM ends.
     */
    static String h2Url(Path dataDirectory) {
        return "jdbc:h2:file:" + dataDirectory.resolve("db").resolve("switchboard")
                + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=256;AUTO_SERVER=TRUE";
    }

    Snapshot snapshot() {
        return new Snapshot(rows(), files(), peers.calls());
    }

    /** The rows of every table (but Quartz's and Flyway's), by lower-case name. */
    synchronized Map<String, Long> rows() {
        try {
            connection();
            if (countQuery == null) {
                countQuery = countQuery(tables(connection));
            }
            Map<String, Long> rows = new TreeMap<>();
            try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(countQuery)) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getLong(2));
                }
            }
            return rows;
        } catch (SQLException e) {
            closeQuietly();
            throw new IllegalStateException("could not count the rows of Switchboard's tables: " + e, e);
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = DriverManager.getConnection(jdbcUrl, user, password);
            connection.setAutoCommit(true);
            countQuery = null;
        }
        return connection;
    }

    /** The rows a query finds, each as column (lower case) -> value. */
    synchronized List<Map<String, Object>> query(String sql, Object... parameters) {
        try (var statement = connection().prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= columns; c++) {
                        row.put(result.getMetaData().getColumnLabel(c).toLowerCase(Locale.ROOT), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e, e);
        }
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet result = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE", "BASE TABLE"})) {
            while (result.next()) {
                String schema = Objects.toString(result.getString("TABLE_SCHEM"), "").toLowerCase(Locale.ROOT);
                String name = result.getString("TABLE_NAME");
                String lower = name.toLowerCase(Locale.ROOT);
                if ((schema.equals("public")) && !lower.startsWith("qrtz_") && !lower.equals("flyway_schema_history")) {
                    tables.add(name);
                }
            }
        }
        if (tables.isEmpty()) {
            throw new SQLException("no tables found");
        }
        return tables;
    }

    private static String countQuery(List<String> tables) {
        StringBuilder sql = new StringBuilder();
        for (String table : tables) {
            if (!sql.isEmpty()) {
                sql.append(" UNION ALL ");
            }
            sql.append("SELECT '").append(table.toLowerCase(Locale.ROOT)).append("', COUNT(*) FROM \"").append(table)
                    .append('"');
        }
        return sql.toString();
    }

    /** Regular files under the attachment store's directory. */
    long files() {
        if (!Files.isDirectory(filesDirectory)) {
            return 0;
        }
        try (var walk = Files.walk(filesDirectory)) {
            return walk.filter(Files::isRegularFile).count();
        } catch (IOException | UncheckedIOException e) {
            // a file removed while walking: count again
            try (var walk = Files.walk(filesDirectory)) {
                return walk.filter(Files::isRegularFile).count();
            } catch (IOException again) {
                throw new UncheckedIOException(again);
            }
        }
    }

    /**
     * The counts of every list of the desk API, as the administrator sees them: cases (with running
     * chats), messages (summed over every case), users, staff, groups, labels, custom channels,
     * rules, bots, running chats, Bot Framework conversations, waiting deliveries and dead letters.
     */
    static Map<String, Long> apiCounts(DeskClient admin, String botFrameworkBot) {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<Long> caseIds = new ArrayList<>();
        for (int page = 1; ; page++) {
            JsonNode list = expectList(admin, "/api/cases.json?show_active_chats=true&sort=created_at_asc&limit=100&page=" + page);
            int n = 0;
            for (JsonNode item : list) {
                if (item.has("case")) {
                    caseIds.add(item.get("case").get("case_id").asLong());
                    n++;
                }
            }
            counts.put("cases", list.path("total_count").asLong());
            if (n < 100) {
                break;
            }
        }
        long messages = 0;
        for (long id : caseIds) {
            messages += expectList(admin, "/api/cases/" + id + "/messages.json?limit=1").path("total_count").asLong();
        }
        counts.put("messages", messages);
        counts.put("users", total(admin, "/api/users.json?limit=1"));
        counts.put("staff", total(admin, "/api/staff.json?limit=1"));
        counts.put("groups", total(admin, "/api/groups.json?limit=1"));
        counts.put("labels", total(admin, "/api/labels.json?limit=1"));
        counts.put("custom_channels", total(admin, "/api/custom_channels.json?limit=1"));
        counts.put("rules", total(admin, "/api/rules.json?limit=1"));
        counts.put("bots", total(admin, "/api/bots.json?limit=1"));
        counts.put("running_chats", total(admin, "/api/chats.json?limit=1"));
        if (botFrameworkBot != null) {
            counts.put("bot_framework_conversations", total(admin, "/api/botframework/bots/" + botFrameworkBot
                    + "/conversations.json?limit=1"));
        }
        counts.put("waiting_deliveries", total(admin, "/api/deliveries/waiting.json?limit=1"));
        counts.put("dead_letters", total(admin, "/api/deliveries/dead.json?limit=1"));
        return counts;
    }

    static long total(DeskClient admin, String path) {
        return expectList(admin, path).path("total_count").asLong();
    }

    private static JsonNode expectList(DeskClient admin, String path) {
        DeskClient.Answer answer = admin.get(path);
        if (answer.status() != 200 || !answer.json().has("total_count")) {
            throw new IllegalStateException("GET " + path + " -> " + answer.status() + " " + answer.body());
        }
        return answer.json();
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // gone already
        }
        connection = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }
}
