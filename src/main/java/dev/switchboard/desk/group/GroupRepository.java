package dev.switchboard.desk.group;

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
public class GroupRepository {

    private static final String COLUMNS = "id, group_key, title, from_name, signature, active, created_at, updated_at";

    private final JdbcClient jdbc;

    public GroupRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Group> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM desk_group WHERE id = ?").param(id)
                .query(GroupRepository::row).optional();
    }

    /** A group by its key, or by its id written as text (bots name departments either way). */
    public Optional<Group> findByKey(String key) {
        Optional<Group> byKey = jdbc.sql("SELECT " + COLUMNS + " FROM desk_group WHERE group_key = ?").param(key)
                .query(GroupRepository::row).optional();
        if (byKey.isPresent() || !key.matches("\\d{1,18}")) {
            return byKey;
        }
        return findById(Long.parseLong(key));
    }

    public List<Group> list(long offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM desk_group ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(offset, limit).query(GroupRepository::row).list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM desk_group").query(Long.class).single();
    }

    /** The ids among {@code ids} that name no group. */
    public List<Long> missing(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Long> found = jdbc.sql("SELECT id FROM desk_group WHERE id IN (:ids)").param("ids", ids)
                .query(Long.class).list();
        return ids.stream().filter(id -> !found.contains(id)).distinct().toList();
    }

    public long insert(String groupKey, String title, String fromName, String signature, OffsetDateTime now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO desk_group (group_key, title, from_name, signature, active, created_at, updated_at)
                VALUES (?, ?, ?, ?, TRUE, ?, ?)""")
                .params(groupKey, title, fromName, signature, now, now).update(key, "id");
        return key.getKey().longValue();
    }

    public void update(Group group, OffsetDateTime now) {
        jdbc.sql("UPDATE desk_group SET group_key = ?, title = ?, from_name = ?, signature = ?, active = ?, updated_at = ? "
                        + "WHERE id = ?")
                .params(group.key(), group.title(), group.fromName(), group.signature(), group.active(), now, group.id())
                .update();
    }

    private static Group row(ResultSet rs, int n) throws SQLException {
        return new Group(rs.getLong("id"), rs.getString("group_key"), rs.getString("title"), rs.getString("from_name"),
                rs.getString("signature"), rs.getBoolean("active"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
