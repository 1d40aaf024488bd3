package dev.switchboard.desk.label;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

@Repository
public class LabelRepository {

    private final JdbcClient jdbc;

    public LabelRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Label> findById(long id) {
        return jdbc.sql("SELECT id, title, created_at FROM label WHERE id = ?").param(id)
                .query(LabelRepository::row).optional();
    }

    public Optional<Label> findByTitle(String title) {
        return jdbc.sql("SELECT id, title, created_at FROM label WHERE title = ?").param(title)
                .query(LabelRepository::row).optional();
    }

    public List<Label> list(long offset, int limit) {
        return jdbc.sql("SELECT id, title, created_at FROM label ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(offset, limit).query(LabelRepository::row).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM label").query(Long.class).single();
    }

    /** The ids among {@code ids} that name no label. */
    public List<Long> missing(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> found = jdbc.sql("SELECT id FROM label WHERE id IN (:ids)").param("ids", ids)
                .query(Long.class).list();
        return ids.stream().filter(id -> !found.contains(id)).distinct().toList();
    }

    public long insert(String title, OffsetDateTime now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO label (title, created_at) VALUES (?, ?)").params(title, now).update(key, "id");
        return key.getKey().longValue();
    }

    public void rename(long id, String title) {
        jdbc.sql("UPDATE label SET title = ? WHERE id = ?").params(title, id).update();
    }

    private static Label row(ResultSet rs, int n) throws SQLException {
        return new Label(rs.getLong("id"), rs.getString("title"), rs.getObject("created_at", OffsetDateTime.class));
    }
}
