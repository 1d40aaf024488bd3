package dev.switchboard.chat;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.switchboard.platform.IdFilters;
import dev.switchboard.platform.TransactionReads;

@Repository
public class ChatRepository {

    private static final String COLUMNS = "id, case_id, started_at, last_activity_at, last_customer_at, last_staff_at, "
            + "idle_at, ended_at, ended_by, ended_by_staff_id, ended_by_rule_id, end_reason, first_response_at, "
            + "customer_messages, staff_messages";

    private final JdbcClient jdbc;
    private final TransactionReads<Long, Chat> reads = new TransactionReads<>();

    public ChatRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The case's running chat; read once per transaction until chats are written. */
    public Optional<Chat> active(long caseId) {
        return reads.get(caseId, k -> jdbc.sql("SELECT " + COLUMNS + " FROM chat WHERE case_id = ? AND ended_at IS NULL")
                .param(caseId).query(ChatRepository::row).optional());
    }

    /** A new session: started by the customer's message. */
    public void start(long caseId, OffsetDateTime now, OffsetDateTime idleAt) {
        reads.evictAll();
        jdbc.sql("""
                INSERT INTO chat (case_id, started_at, last_activity_at, last_customer_at, idle_at, customer_messages)
                VALUES (?, ?, ?, ?, ?, 1)""")
                .params(caseId, now, now, now, idleAt).update();
    }

    /**
     * A new session without a message, started for the case's assignee (a rule pinned the chat):
     * its idle time counts from now, and the customer waits for an answer from now.
     */
    public void startForAssignee(long caseId, OffsetDateTime now, OffsetDateTime idleAt) {
        reads.evictAll();
        jdbc.sql("""
                INSERT INTO chat (case_id, started_at, last_activity_at, last_customer_at, idle_at, customer_messages)
                VALUES (?, ?, ?, ?, ?, 0)""")
                .params(caseId, now, now, now, idleAt).update();
    }

    /** The customer wrote in the running chat; the kept copy of it gets what was written. */
    public void customerWrote(Chat chat, OffsetDateTime now, OffsetDateTime idleAt) {
        jdbc.sql("""
                UPDATE chat SET last_activity_at = ?, last_customer_at = ?, idle_at = ?,
                                customer_messages = customer_messages + 1
                WHERE id = ?""")
                .params(now, now, idleAt, chat.id()).update();
        keepWritten(chat, kept -> new Chat(kept.id(), kept.caseId(), kept.startedAt(), now, now, kept.lastStaffAt(),
                idleAt, kept.endedAt(), kept.endedBy(), kept.endedByStaffId(), kept.endedByRuleId(), kept.endReason(),
                kept.firstResponseAt(), kept.customerMessages() + 1, kept.staffMessages()));
    }

    /** Staff (or a bot) wrote in the running chat; the kept copy of it gets what was written. */
    public void staffWrote(Chat chat, OffsetDateTime now, OffsetDateTime idleAt) {
        jdbc.sql("""
                UPDATE chat SET last_activity_at = ?, last_staff_at = ?, idle_at = ?,
                                first_response_at = COALESCE(first_response_at, ?),
                                staff_messages = staff_messages + 1
                WHERE id = ?""")
                .params(now, now, idleAt, now, chat.id()).update();
        keepWritten(chat, kept -> new Chat(kept.id(), kept.caseId(), kept.startedAt(), now, kept.lastCustomerAt(), now,
                idleAt, kept.endedAt(), kept.endedBy(), kept.endedByStaffId(), kept.endedByRuleId(), kept.endReason(),
                kept.firstResponseAt() != null ? kept.firstResponseAt() : now, kept.customerMessages(),
                kept.staffMessages() + 1));
    }

    /** Keeps the running chat as written, if the kept one is this chat (else nothing is kept). */
    private void keepWritten(Chat chat, UnaryOperator<Chat> written) {
        reads.update(chat.caseId(), kept -> kept.id() == chat.id() ? written.apply(kept) : kept);
    }

    public void activity(long chatId, OffsetDateTime now, OffsetDateTime idleAt) {
        reads.evictAll();
        jdbc.sql("UPDATE chat SET last_activity_at = ?, idle_at = ? WHERE id = ?").params(now, idleAt, chatId).update();
    }

    /**
     * Ends a session if it is still running (and, for an idle end, still idle at {@code idleBy}):
     * a double run ends it once. Returns whether this call ended it.
     */
    public boolean end(long chatId, OffsetDateTime now, EndedBy by, Long staffId, Long ruleId, String reason,
            OffsetDateTime idleBy) {
        reads.evictAll();
        List<Object> params = new ArrayList<>(Arrays.asList(now, by.code(), staffId, ruleId, reason, chatId));
        if (idleBy != null) {
            params.add(idleBy);
        }
        return jdbc.sql("UPDATE chat SET ended_at = ?, ended_by = ?, ended_by_staff_id = ?, ended_by_rule_id = ?, "
                        + "end_reason = ?, idle_at = NULL WHERE id = ? AND ended_at IS NULL"
                        + (idleBy == null ? "" : " AND idle_at <= ?"))
                .params(params).update() == 1;
    }

    /** Chats whose silence ran out, oldest deadline first (read from the idle_at index). */
    public List<Chat> idleBy(OffsetDateTime now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM chat WHERE idle_at <= ? ORDER BY idle_at FETCH FIRST ? ROWS ONLY")
                .params(now, limit).query(ChatRepository::row).list();
    }

    public List<Chat> ofCase(long caseId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM chat WHERE case_id = ? ORDER BY id").param(caseId)
                .query(ChatRepository::row).list();
    }

    /** The latest session of each case. */
    public Map<Long, Chat> latestOf(List<Long> caseIds) {
        Map<Long, Chat> latest = new HashMap<>();
        if (caseIds.isEmpty()) {
            return latest;
        }
        jdbc.sql("SELECT " + COLUMNS + " FROM chat WHERE id IN (SELECT MAX(id) FROM chat WHERE case_id IN (:ids) "
                        + "GROUP BY case_id)")
                .param("ids", caseIds).query(ChatRepository::row).list()
                .forEach(chat -> latest.put(chat.caseId(), chat));
        return latest;
    }

    /**
     * Running chats, oldest first; staffIds / groupIds 0 mean "nobody" / "no group", channels by code.
     * A running chat is one with an idle deadline, which reads them from that index, not all history.
     */
    public List<ActiveChat> running(List<Long> staffIds, List<Long> groupIds, List<String> channels, long offset,
            int limit) {
        Map<String, Object> params = new HashMap<>();
        String where = runningWhere(staffIds, groupIds, channels, params);
        return jdbc.sql("SELECT ch.id AS chat_id, c.id AS case_id, c.subject, c.user_id, u.full_name, "
                        + "cn.code AS channel, c.staff_id, c.group_id, ch.started_at, ch.last_activity_at, "
                        + "ch.last_customer_at, ch.last_staff_at, "
                        + "(SELECT m.content FROM message m WHERE m.case_id = c.id AND m.note = FALSE "
                        + "ORDER BY m.id DESC FETCH FIRST 1 ROWS ONLY) AS last_message "
                        + "FROM chat ch JOIN desk_case c ON c.id = ch.case_id JOIN desk_user u ON u.id = c.user_id "
                        + "JOIN channel cn ON cn.id = c.channel_id WHERE ch.idle_at IS NOT NULL" + where
                        + " ORDER BY ch.started_at, ch.id OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .params(params).param("offset", offset).param("limit", limit)
                .query((rs, n) -> new ActiveChat(rs.getLong("chat_id"), rs.getLong("case_id"), rs.getString("subject"),
                        rs.getLong("user_id"), rs.getString("full_name"), rs.getString("channel"),
                        rs.getObject("staff_id", Long.class), rs.getObject("group_id", Long.class),
                        rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("last_activity_at", OffsetDateTime.class),
                        rs.getObject("last_customer_at", OffsetDateTime.class),
                        rs.getObject("last_staff_at", OffsetDateTime.class), rs.getString("last_message")))
                .list();
    }

    public long countRunning(List<Long> staffIds, List<Long> groupIds, List<String> channels) {
        Map<String, Object> params = new HashMap<>();
        String where = runningWhere(staffIds, groupIds, channels, params);
        return jdbc.sql("SELECT COUNT(*) FROM chat ch JOIN desk_case c ON c.id = ch.case_id "
                        + "JOIN channel cn ON cn.id = c.channel_id WHERE ch.idle_at IS NOT NULL" + where)
                .params(params).query(Long.class).single();
    }

    private static String runningWhere(List<Long> staffIds, List<Long> groupIds, List<String> channels,
            Map<String, Object> params) {
        StringBuilder where = new StringBuilder();
        for (String condition : new String[] {IdFilters.noneOr("c.staff_id", "staffIds", staffIds, params),
                IdFilters.noneOr("c.group_id", "groupIds", groupIds, params)}) {
            if (condition != null) {
                where.append(" AND ").append(condition);
            }
        }
        if (!channels.isEmpty()) {
            where.append(" AND cn.code IN (:channels)");
            params.put("channels", channels);
        }
        return where.toString();
    }


    private static Chat row(ResultSet rs, int n) throws SQLException {
        return new Chat(rs.getLong("id"), rs.getLong("case_id"), rs.getObject("started_at", OffsetDateTime.class),
                rs.getObject("last_activity_at", OffsetDateTime.class),
                rs.getObject("last_customer_at", OffsetDateTime.class),
                rs.getObject("last_staff_at", OffsetDateTime.class), rs.getObject("idle_at", OffsetDateTime.class),
                rs.getObject("ended_at", OffsetDateTime.class), rs.getString("ended_by"),
                rs.getObject("ended_by_staff_id", Long.class), rs.getObject("ended_by_rule_id", Long.class),
                rs.getString("end_reason"), rs.getObject("first_response_at", OffsetDateTime.class),
                rs.getInt("customer_messages"), rs.getInt("staff_messages"));
    }
}
