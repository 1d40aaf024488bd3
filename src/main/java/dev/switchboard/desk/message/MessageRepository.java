package dev.switchboard.desk.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class MessageRepository {

    private static final String COLUMNS =
            "id, case_id, author, user_id, staff_id, content, content_html, note, sent_via_rule, created_at";

    private final JdbcClient jdbc;

    public MessageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Message insert(long caseId, Author author, Long userId, Long staffId, String content, String contentHtml,
            boolean note, boolean sentViaRule, OffsetDateTime now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO message (case_id, author, user_id, staff_id, content, content_html, note,
                                     sent_via_rule, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(caseId, author.code(), userId, staffId, content, contentHtml, note, sentViaRule, now)
                .update(key, "id");
        return new Message(key.getKey().longValue(), caseId, author, userId, staffId, content, contentHtml, note,
                sentViaRule, now);
    }

    public List<Message> list(long caseId, boolean ascending, long offset, int limit) {
        String order = ascending ? "ASC" : "DESC";
        return jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE case_id = ? ORDER BY id " + order
                        + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(caseId, offset, limit).query(MessageRepository::row).list();
    }

    public long count(long caseId) {
        return jdbc.sql("SELECT COUNT(*) FROM message WHERE case_id = ?").param(caseId).query(Long.class).single();
    }

    private static Message row(ResultSet rs, int n) throws SQLException {
        return new Message(rs.getLong("id"), rs.getLong("case_id"), Author.of(rs.getString("author")),
                rs.getObject("user_id", Long.class), rs.getObject("staff_id", Long.class), rs.getString("content"),
                rs.getString("content_html"), rs.getBoolean("note"), rs.getBoolean("sent_via_rule"),
                rs.getObject("created_at", OffsetDateTime.class));
    }
}
