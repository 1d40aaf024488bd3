package dev.switchboard.desk.ingest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.platform.RowLocks;

/** Conversations of channels, their events, and the case each one is on. */
@Repository
public class ConversationRepository {

    /**
     * A conversation is its row and its reference row, which every message rewrites (migration
     * V12): subqueries, so that a lock on the conversation locks its row only.
     */
    private static final String COLUMNS = "id, channel_id, conversation_key, title, is_group, user_id, case_id, "
            + "(SELECT r.reference FROM conversation_reference r WHERE r.conversation_id = conversation.id) AS reference, "
            + "created_at, "
            + "(SELECT r.updated_at FROM conversation_reference r WHERE r.conversation_id = conversation.id) AS updated_at";

    /** An event of a conversation, as the API lists it. */
    public record Event(long id, String kind, String description, OffsetDateTime createdAt) {
    }

    private final JdbcClient jdbc;
    private final RowLocks locks;
    private final TransactionTemplate savepoint;

    public ConversationRepository(JdbcClient jdbc, RowLocks locks, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * The conversation, locked for the transaction; created first if it is new. Two first messages
     * arriving together (on two nodes, say) meet at the unique index: one creates, both lock the row.
     */
    public Conversation lockOrCreate(long channelId, String key, boolean group, String title, String reference,
            OffsetDateTime now) {
        Optional<Conversation> found = locked(channelId, key);
        if (found.isPresent()) {
            return found.get();
        }
        try {
            savepoint.executeWithoutResult(status -> {
                GeneratedKeyHolder id = new GeneratedKeyHolder();
                jdbc.sql("""
                        INSERT INTO conversation (channel_id, conversation_key, title, is_group, created_at)
                        VALUES (?, ?, ?, ?, ?)""")
                        .params(channelId, key, title, group, now).update(id, "id");
                jdbc.sql("INSERT INTO conversation_reference (conversation_id, reference, updated_at) VALUES (?, ?, ?)")
                        .params(id.getKey().longValue(), reference, now).update();
            });
        } catch (DuplicateKeyException raced) {
            // created meanwhile by another consumer: lock theirs
        }
        return locked(channelId, key).orElseThrow();
    }

    private Optional<Conversation> locked(long channelId, String key) {
        // locked by its id: H2 planned a lock by (channel, key) over the channel's index and read
        // every conversation of the channel for it
        return jdbc.sql("SELECT id FROM conversation WHERE channel_id = ? AND conversation_key = ?")
                .params(channelId, key).query(Long.class).optional()
                .flatMap(id -> locks.lockAndRead("SELECT " + COLUMNS + " FROM conversation WHERE id = ?",
                        ConversationRepository::row, id));
    }

    public Optional<Conversation> ofCase(long caseId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conversation WHERE case_id = ? ORDER BY id DESC "
                        + "FETCH FIRST 1 ROWS ONLY")
                .param(caseId).query(ConversationRepository::row).optional();
    }

    public List<Conversation> ofChannel(long channelId, long offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM conversation WHERE channel_id = ? ORDER BY id "
                        + "OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(channelId, offset, limit).query(ConversationRepository::row).list();
    }

    public long countOfChannel(long channelId) {
        return jdbc.sql("SELECT COUNT(*) FROM conversation WHERE channel_id = ?").param(channelId)
                .query(Long.class).single();
    }

    /**
     * Writes what a message changed of the conversation it locked ({@code locked}, as read): its
     * reference and moment always, the conversation row only when its customer, case or title
     * changes (a null title keeps the one known).
     */
    public void update(Conversation locked, Long userId, Long caseId, String title, String reference,
            OffsetDateTime now) {
        String newTitle = title == null ? locked.title() : title;
        if (!Objects.equals(locked.userId(), userId) || !Objects.equals(locked.caseId(), caseId)
                || !Objects.equals(locked.title(), newTitle)) {
            jdbc.sql("UPDATE conversation SET user_id = ?, case_id = ?, title = ? WHERE id = ?")
                    .params(userId, caseId, newTitle, locked.id()).update();
        }
        jdbc.sql("UPDATE conversation_reference SET reference = ?, updated_at = ? WHERE conversation_id = ?")
                .params(reference, now, locked.id()).update();
    }

    public void addEvent(long conversationId, String kind, String description, OffsetDateTime now) {
        jdbc.sql("INSERT INTO conversation_event (conversation_id, kind, description, created_at) VALUES (?, ?, ?, ?)")
                .params(conversationId, kind, description.length() > 1000 ? description.substring(0, 1000)
                        : description, now)
                .update();
    }

    public List<Event> events(long conversationId) {
        return jdbc.sql("SELECT id, kind, description, created_at FROM conversation_event WHERE conversation_id = ? "
                        + "ORDER BY id")
                .param(conversationId)
                .query((rs, n) -> new Event(rs.getLong("id"), rs.getString("kind"), rs.getString("description"),
                        rs.getObject("created_at", OffsetDateTime.class)))
                .list();
    }

    private static Conversation row(ResultSet rs, int n) throws SQLException {
        return new Conversation(rs.getLong("id"), rs.getLong("channel_id"), rs.getString("conversation_key"),
                rs.getString("title"), rs.getBoolean("is_group"), rs.getObject("user_id", Long.class),
                rs.getObject("case_id", Long.class), rs.getString("reference"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
