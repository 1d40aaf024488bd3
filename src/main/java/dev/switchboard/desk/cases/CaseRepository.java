package dev.switchboard.desk.cases;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.switchboard.platform.IdFilters;
import dev.switchboard.platform.RowLocks;
import dev.switchboard.platform.TransactionReads;

@Repository
public class CaseRepository {

    /**
     * A case is its desk_case row and its case_activity row: the columns every message changes
     * live in a table of their own (see migration V11), so a message leaves desk_case and its
     * indexes alone unless it changes the case itself.
     */
    private static final String SELECT = """
            SELECT c.id, c.user_id, c.channel_id, ch.code AS channel, c.subject, c.status, c.priority,
                   c.group_id, c.staff_id, c.chat_state, c.created_at, a.updated_at, c.closed_at, a.last_response_at
            FROM desk_case c JOIN case_activity a ON a.case_id = c.id JOIN channel ch ON ch.id = c.channel_id""";

    /**
     * One case with its activity, its channel's code and its labels in one statement, so that it
     * can be locked as it is read ({@code FOR UPDATE} locks the case row only: the rest are
     * subqueries). Whoever writes a case's activity holds the case's lock.
     */
    private static final String ONE = """
            SELECT c.id, c.user_id, c.channel_id, (SELECT ch.code FROM channel ch WHERE ch.id = c.channel_id) AS channel,
                   c.subject, c.status, c.priority, c.group_id, c.staff_id, c.chat_state, c.created_at,
                   (SELECT a.updated_at FROM case_activity a WHERE a.case_id = c.id) AS updated_at, c.closed_at,
                   (SELECT a.last_response_at FROM case_activity a WHERE a.case_id = c.id) AS last_response_at,
                   (SELECT ARRAY_AGG(l.label_id ORDER BY l.label_id) FROM case_label l WHERE l.case_id = c.id) AS labels
            FROM desk_case c WHERE c.id = ?""";

    private final JdbcClient jdbc;
    private final RowLocks locks;
    private final TransactionReads<Long, DeskCase> reads = new TransactionReads<>();
    /** When this transaction stamped a case's changed_at. */
    private final TransactionReads<Long, OffsetDateTime> stamped = new TransactionReads<>();
    /** The cases this transaction locked (forgotten with the rest after a rollback to a savepoint). */
    private final TransactionReads<Long, Boolean> locked = new TransactionReads<>();

    public CaseRepository(JdbcClient jdbc, RowLocks locks) {
        this.jdbc = jdbc;
        this.locks = locks;
    }

    /** The case; read once per transaction until it is locked or written. */
    public Optional<DeskCase> findById(long id) {
        return reads.get(id, this::load);
    }

    private Optional<DeskCase> load(long id) {
        return jdbc.sql(ONE).param(id).query(CaseRepository::oneRow).optional();
    }

    /**
     * Locks the case row until the transaction ends, so that messages of one case are written one
     * after the other and their outbox rows are in the order of their commits. The row is read as
     * it is locked and kept for the transaction: what is read after the lock is what this
     * transaction changes. A case this transaction locked already is not locked again: the
     * message, its chat, its rules and its bot each lock the case they change, in one transaction.
     */
    public boolean lock(long id) {
        if (locked.kept(id).isPresent()) {
            return findById(id).isPresent();
        }
        reads.evict(id);
        Optional<DeskCase> row = locks.lockAndRead(ONE, CaseRepository::oneRow, id);
        row.ifPresent(c -> {
            reads.keep(id, c);
            locked.keep(id, true);
        });
        return row.isPresent();
    }

    public long insert(long userId, long channelId, String subject, String status, String priority, Long groupId,
            Long staffId, OffsetDateTime now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        OffsetDateTime closedAt = CaseStatus.CLOSED.equals(status) ? now : null;
        jdbc.sql("""
                INSERT INTO desk_case (user_id, channel_id, subject, status, priority, group_id, staff_id,
                                       created_at, closed_at, status_changed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(userId, channelId, subject, status, priority, groupId, staffId, now, closedAt, now)
                .update(key, "id");
        long id = key.getKey().longValue();
        jdbc.sql("INSERT INTO case_activity (case_id, updated_at, changed_at) VALUES (?, ?, ?)")
                .params(id, now, now).update();
        return id;
    }

    /**
     * Writes the fields a change may touch; changed_at is left to the change's event
     * ({@link CaseEvents#publish}), or untouched for a rule's change.
     */
    public void update(DeskCase c, OffsetDateTime now) {
        write(c, now, false);
    }

    /**
     * Writes the fields a change may touch and, in the same statement, stamps it as an outside
     * change: this transaction's {@link #markChanged} then has nothing left to do.
     */
    public void updateChanged(DeskCase c, OffsetDateTime now) {
        write(c, now, true);
    }

    private void write(DeskCase c, OffsetDateTime now, boolean outsideChange) {
        // the case as this transaction locked or last wrote it: when only its activity changes (a
        // message on an open case), desk_case is not written at all
        Optional<DeskCase> before = reads.kept(c.id());
        if (before.isEmpty() || !sameCase(before.get(), c)) {
            jdbc.sql("""
                    UPDATE desk_case SET subject = ?, priority = ?, group_id = ?, staff_id = ?, closed_at = ?,
                                         status_changed_at = CASE WHEN status <> ? THEN ? ELSE status_changed_at END,
                                         status = ?
                    WHERE id = ?""")
                    .params(c.subject(), c.priority(), c.groupId(), c.staffId(), c.closedAt(), c.status(), now,
                            c.status(), c.id())
                    .update();
        }
        if (outsideChange) {
            jdbc.sql("UPDATE case_activity SET last_response_at = ?, updated_at = ?, changed_at = ? WHERE case_id = ?")
                    .params(c.lastResponseAt(), now, now, c.id()).update();
            stamped.get(c.id(), id -> Optional.of(now));
        } else {
            jdbc.sql("UPDATE case_activity SET last_response_at = ?, updated_at = ? WHERE case_id = ?")
                    .params(c.lastResponseAt(), now, c.id()).update();
        }
        // the caller's copy may be older than the kept one in columns this does not write (chat
        // state, labels): the kept one gets what was written
        reads.update(c.id(), kept -> kept.with(c.subject(), c.status(), c.priority(), c.groupId(), c.staffId(),
                c.closedAt(), c.lastResponseAt()).updatedAt(now));
    }

    /** Whether the two agree in every column of desk_case a change may write. */
    private static boolean sameCase(DeskCase a, DeskCase b) {
        return Objects.equals(a.subject(), b.subject()) && Objects.equals(a.status(), b.status())
                && Objects.equals(a.priority(), b.priority()) && Objects.equals(a.groupId(), b.groupId())
                && Objects.equals(a.staffId(), b.staffId()) && sameMoment(a.closedAt(), b.closedAt());
    }

    private static boolean sameMoment(OffsetDateTime a, OffsetDateTime b) {
        return a == null ? b == null : b != null && a.isEqual(b);
    }

    public Optional<OffsetDateTime> changedAt(long id) {
        return jdbc.sql("SELECT changed_at FROM case_activity WHERE case_id = ?").param(id).query(OffsetDateTime.class)
                .optional();
    }

    /**
     * Stamps an outside change: time-based rules count from it. Once per transaction and case
     * (one moment of change; an {@link #updateChanged} of this transaction stamped it already).
     */
    public void markChanged(long id, OffsetDateTime now) {
        stamped.get(id, k -> {
            jdbc.sql("UPDATE case_activity SET changed_at = ? WHERE case_id = ?").params(now, id).update();
            return Optional.of(now);
        });
    }

    public void setChatState(long id, String chatState) {
        reads.evict(id);
        jdbc.sql("UPDATE desk_case SET chat_state = ? WHERE id = ?").params(chatState, id).update();
    }

    public void addLabels(long caseId, Collection<Long> labelIds) {
        if (labelIds.isEmpty()) {
            return;
        }
        reads.evict(caseId);
        List<Long> present = labelsOf(List.of(caseId)).getOrDefault(caseId, List.of());
        labelIds.stream().distinct().filter(id -> !present.contains(id)).forEach(labelId ->
                jdbc.sql("INSERT INTO case_label (case_id, label_id) VALUES (?, ?)").params(caseId, labelId).update());
    }

    public void removeLabels(long caseId, Collection<Long> labelIds) {
        if (!labelIds.isEmpty()) {
            reads.evict(caseId);
            jdbc.sql("DELETE FROM case_label WHERE case_id = :case AND label_id IN (:labels)")
                    .param("case", caseId).param("labels", labelIds).update();
        }
    }

    public List<DeskCase> list(CaseFilter filter, long offset, int limit) {
        Where where = where(filter);
        List<DeskCase> cases = jdbc.sql(SELECT + where.sql + " ORDER BY " + orderBy(filter.sort())
                        + " OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .params(where.params).param("offset", offset).param("limit", limit)
                .query(CaseRepository::row).list();
        Map<Long, List<Long>> labels = labelsOf(cases.stream().map(DeskCase::id).toList());
        return cases.stream().map(c -> c.withLabels(labels.getOrDefault(c.id(), List.of()))).toList();
    }

    public long count(CaseFilter filter) {
        Where where = where(filter);
        return jdbc.sql("SELECT COUNT(*) FROM desk_case c JOIN channel ch ON ch.id = c.channel_id" + where.sql)
                .params(where.params).query(Long.class).single();
    }

    private Map<Long, List<Long>> labelsOf(List<Long> caseIds) {
        Map<Long, List<Long>> labels = new HashMap<>();
        if (caseIds.isEmpty()) {
            return labels;
        }
        jdbc.sql("SELECT case_id, label_id FROM case_label WHERE case_id IN (:ids) ORDER BY label_id")
                .param("ids", caseIds)
                .query(rs -> {
                    labels.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        return labels;
    }

    private static String orderBy(String sort) {
        return switch (sort == null ? "created_at_desc" : sort) {
            case "created_at_asc" -> "c.created_at ASC, c.id ASC";
            case "updated_at_desc" -> "a.updated_at DESC, c.id DESC";
            case "updated_at_asc" -> "a.updated_at ASC, c.id ASC";
            default -> "c.created_at DESC, c.id DESC";
        };
    }

    private record Where(String sql, Map<String, Object> params) {
    }

    private static Where where(CaseFilter f) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        in(conditions, params, "c.status", "statuses", f.statuses());
        in(conditions, params, "ch.code", "channels", f.channels());
        in(conditions, params, "c.user_id", "userIds", f.userIds());
        addIfAny(conditions, IdFilters.noneOr("c.staff_id", "staffIds", f.staffIds(), params));
        addIfAny(conditions, IdFilters.noneOr("c.group_id", "groupIds", f.groupIds(), params));
        if (!f.userEmails().isEmpty()) {
            conditions.add("c.user_id IN (SELECT user_id FROM user_identity WHERE kind = 'email' "
                    + "AND scope = '' AND identity_value IN (:userEmails))");
            params.put("userEmails", f.userEmails());
        }
        if (!f.labels().isEmpty()) {
            conditions.add("EXISTS (SELECT 1 FROM case_label l WHERE l.case_id = c.id AND l.label_id IN (:labels))");
            params.put("labels", f.labels());
        }
        if (f.userCustomId() != null) {
            conditions.add("c.user_id IN (SELECT user_id FROM user_identity WHERE kind = 'custom' "
                    + "AND identity_value = :customId)");
            params.put("customId", f.userCustomId());
        }
        if (!f.showActiveChats()) {
            conditions.add("(c.chat_state IS NULL OR c.chat_state <> 'active')");
        }
        if (!f.chatStates().isEmpty()) {
            List<String> states = f.chatStates().stream().filter(s -> !s.equals("none")).toList();
            List<String> any = new ArrayList<>();
            if (states.size() < f.chatStates().size()) {
                any.add("c.chat_state IS NULL");
            }
            if (!states.isEmpty()) {
                any.add("c.chat_state IN (:chatStates)");
                params.put("chatStates", states);
            }
            conditions.add("(" + String.join(" OR ", any) + ")");
        }
        if (f.from() != null) {
            conditions.add("c.created_at >= :from");
            params.put("from", f.from());
        }
        if (f.to() != null) {
            conditions.add("c.created_at <= :to");
            params.put("to", f.to());
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), params);
    }

    private static void in(List<String> conditions, Map<String, Object> params, String column, String name,
            List<?> values) {
        if (!values.isEmpty()) {
            conditions.add(column + " IN (:" + name + ")");
            params.put(name, values);
        }
    }

    private static void addIfAny(List<String> conditions, String condition) {
        if (condition != null) {
            conditions.add(condition);
        }
    }

    private static DeskCase oneRow(ResultSet rs, int n) throws SQLException {
        java.sql.Array labels = rs.getArray("labels");
        List<Long> ids = new ArrayList<>();
        if (labels != null) {
            for (Object id : (Object[]) labels.getArray()) {
                ids.add(((Number) id).longValue());
            }
        }
        return row(rs, n).withLabels(List.copyOf(ids));
    }

    private static DeskCase row(ResultSet rs, int n) throws SQLException {
        return new DeskCase(rs.getLong("id"), rs.getLong("user_id"), rs.getLong("channel_id"),
                rs.getString("channel"), rs.getString("subject"), rs.getString("status"), rs.getString("priority"),
                rs.getObject("group_id", Long.class), rs.getObject("staff_id", Long.class), List.of(),
                rs.getString("chat_state"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class), rs.getObject("closed_at", OffsetDateTime.class),
                rs.getObject("last_response_at", OffsetDateTime.class));
    }
}
