package dev.switchboard.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Row counts of the tables a long run could leave growing: the pipeline's (outbox, parked
 * deliveries), the live chats', the bots' chats, the inbound dedup marks, the time rules' marks,
 * files. Read over JDBC: PostgreSQL at any time, the embedded H2 file only once Switchboard has
 * stopped (its process holds the file lock).
 */
final class SoakTables {

    private static final Map<String, String> COUNTS = new LinkedHashMap<>();

    static {
        COUNTS.put("desk_case", "SELECT COUNT(*) FROM desk_case");
        COUNTS.put("message", "SELECT COUNT(*) FROM message");
        COUNTS.put("chat", "SELECT COUNT(*) FROM chat");
        COUNTS.put("chat_active", "SELECT COUNT(*) FROM chat WHERE ended_at IS NULL");
        COUNTS.put("bot_chat", "SELECT COUNT(*) FROM bot_chat");
        COUNTS.put("bot_chat_of_ended_chats", "SELECT COUNT(*) FROM bot_chat b WHERE NOT EXISTS "
                + "(SELECT 1 FROM chat c WHERE c.case_id = b.case_id AND c.ended_at IS NULL)");
        COUNTS.put("outbox", "SELECT COUNT(*) FROM outbox");
        COUNTS.put("parked_delivery", "SELECT COUNT(*) FROM parked_delivery");
        COUNTS.put("inbound_seen", "SELECT COUNT(*) FROM inbound_seen");
        COUNTS.put("conversation", "SELECT COUNT(*) FROM conversation");
        COUNTS.put("rule_time_mark", "SELECT COUNT(*) FROM rule_time_mark");
        COUNTS.put("rule_firing", "SELECT COUNT(*) FROM rule_firing");
        COUNTS.put("attachment", "SELECT COUNT(*) FROM attachment");
        COUNTS.put("attachment_without_message", "SELECT COUNT(*) FROM attachment WHERE message_id IS NULL");
        COUNTS.put("desk_user", "SELECT COUNT(*) FROM desk_user");
        COUNTS.put("user_identity", "SELECT COUNT(*) FROM user_identity");
    }

    private SoakTables() {
    }

    static Map<String, Long> count(Connection connection) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> query : COUNTS.entrySet()) {
                try (ResultSet rows = statement.executeQuery(query.getValue())) {
                    rows.next();
                    counts.put(query.getKey(), rows.getLong(1));
                }
            }
        }
        return counts;
    }

    /** Bytes of the PostgreSQL database (its tables and indexes; not the write-ahead log). */
    static long postgresSize(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet size = statement.executeQuery("SELECT pg_database_size(current_database())")) {
            size.next();
            return size.getLong(1);
        }
    }

    /** The embedded database of a stopped Switchboard whose data directory this is. */
    static Connection h2(Path dataDirectory) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDirectory.resolve("db").resolve("switchboard")
                + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE", "sa", "");
    }
}
