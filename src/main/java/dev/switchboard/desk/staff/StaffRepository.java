package dev.switchboard.desk.staff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.switchboard.platform.KeptAWhile;
import dev.switchboard.platform.TransactionReads;

/** Staff rows and their group memberships. */
@Repository
public class StaffRepository {

    private static final String COLUMNS =
            "id, email, full_name, signature, admin, bot, active, status, created_at, updated_at";

    /** How long verified credentials are kept (see {@link #credentials}). */
    public static final Duration CREDENTIALS_TTL = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final TransactionReads<Long, Staff> reads = new TransactionReads<>();
    private final KeptAWhile<String, Credentials> credentials = new KeptAWhile<>(CREDENTIALS_TTL);

    public StaffRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The staff member with groups; read once per transaction until staff are written. */
    public Optional<Staff> findById(long id) {
        return reads.get(id, k -> jdbc.sql("SELECT " + COLUMNS + " FROM staff WHERE id = ?").param(id)
                .query(StaffRepository::row).optional().map(this::withGroups));
    }

    /**
     * The staff member as the author of a message, without groups (a message needs the name, not
     * the memberships): from this transaction's read when there is one, else one statement.
     */
    public Optional<Staff> author(long id) {
        Optional<Staff> kept = reads.kept(id);
        if (kept.isPresent()) {
            return kept;
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff WHERE id = ?").param(id).query(StaffRepository::row)
                .optional();
    }

    public Optional<Staff> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM staff WHERE email = ?").param(normalise(email))
                .query(StaffRepository::row).optional().map(this::withGroups);
    }

    /**
     * The stored API key hash of an active or inactive staff member, for authentication. Every API
     * call authenticates, so credentials are kept for {@link #CREDENTIALS_TTL}: a change of a key,
     * of the admin flag or of activation made on this node applies at once (every staff write
     * forgets them all), one made on another node within that time.
     */
    public Optional<Credentials> credentials(String email) {
        return credentials.get(normalise(email), key -> jdbc
                .sql("SELECT id, email, api_key_hash, admin, bot, active FROM staff WHERE email = ?")
                .param(key)
                .query((rs, n) -> new Credentials(rs.getLong("id"), rs.getString("email"),
                        rs.getString("api_key_hash"), rs.getBoolean("admin"), rs.getBoolean("bot"),
                        rs.getBoolean("active")))
                .optional());
    }

    /** After a staff row was written: this transaction's reads and the kept credentials are forgotten. */
    private void forget() {
        reads.evictAll();
        credentials.forget();
    }

    public record Credentials(long id, String email, String apiKeyHash, boolean admin, boolean bot, boolean active) {
    }

    public List<Staff> list(long offset, int limit) {
        List<Staff> staff = jdbc.sql("SELECT " + COLUMNS + " FROM staff ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .param(offset).param(limit).query(StaffRepository::row).list();
        Map<Long, List<Long>> groups = groupsOf(staff.stream().map(Staff::id).toList());
        return staff.stream().map(s -> s.withGroups(groups.getOrDefault(s.id(), List.of()))).toList();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM staff").query(Long.class).single();
    }

    public boolean exists(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM staff WHERE id = ?").param(id).query(Long.class).single() > 0;
    }

    public long insert(String email, String fullName, String signature, String apiKeyHash, boolean admin,
            boolean bot, String status, OffsetDateTime now) {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO staff (email, full_name, signature, api_key_hash, admin, bot, active, status,
                                   created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?)""")
                .params(normalise(email), fullName, signature, apiKeyHash, admin, bot, status, now, now)
                .update(key, "id");
        forget();
        return key.getKey().longValue();
    }

    public void update(Staff staff, OffsetDateTime now) {
        jdbc.sql("""
                UPDATE staff SET email = ?, full_name = ?, signature = ?, admin = ?, bot = ?, active = ?,
                                 status = ?, updated_at = ?
                WHERE id = ?""")
                .params(normalise(staff.email()), staff.fullName(), staff.signature(), staff.admin(), staff.bot(),
                        staff.active(), staff.status(), now, staff.id())
                .update();
        forget();
    }

    /**
     * An available staff member of a group — a person (not a bot), active and online — with the
     * fewest running chats; on a tie the one assigned longest ago (round-robin).
     */
    public Optional<Long> availableInGroup(long groupId) {
        // the group's staff are locked (in id order, so never a deadlock): two chats arriving together
        // see each other's assignment and alternate instead of both going to the same person
        jdbc.sql("SELECT id FROM staff WHERE id IN (SELECT staff_id FROM staff_group WHERE group_id = ?) "
                + "ORDER BY id FOR UPDATE").param(groupId).query(Long.class).list();
        return jdbc.sql("""
                SELECT s.id FROM staff s JOIN staff_group g ON g.staff_id = s.id
                WHERE g.group_id = ? AND s.active = TRUE AND s.bot = FALSE AND s.status = 'online'
                ORDER BY (SELECT COUNT(*) FROM desk_case c WHERE c.staff_id = s.id AND c.chat_state = 'active'),
                         s.last_assigned_at NULLS FIRST, s.id
                FETCH FIRST 1 ROWS ONLY""")
                .param(groupId).query(Long.class).optional();
    }

    public void markAssigned(long id, OffsetDateTime now) {
        jdbc.sql("UPDATE staff SET last_assigned_at = ? WHERE id = ?").params(now, id).update();
    }

    public boolean isBot(long id) {
        return jdbc.sql("SELECT bot FROM staff WHERE id = ?").param(id).query(Boolean.class).optional().orElse(false);
    }

    public void updateApiKey(long id, String apiKeyHash, OffsetDateTime now) {
        jdbc.sql("UPDATE staff SET api_key_hash = ?, updated_at = ? WHERE id = ?")
                .params(apiKeyHash, now, id).update();
        forget();
    }

    public void setGroups(long staffId, List<Long> groupIds) {
        jdbc.sql("DELETE FROM staff_group WHERE staff_id = ?").param(staffId).update();
        for (Long groupId : groupIds) {
            jdbc.sql("INSERT INTO staff_group (staff_id, group_id) VALUES (?, ?)").params(staffId, groupId).update();
        }
        forget();
    }

    private Staff withGroups(Staff staff) {
        return staff.withGroups(groupsOf(List.of(staff.id())).getOrDefault(staff.id(), List.of()));
    }

    private Map<Long, List<Long>> groupsOf(List<Long> staffIds) {
        Map<Long, List<Long>> groups = new HashMap<>();
        if (staffIds.isEmpty()) {
            return groups;
        }
        jdbc.sql("SELECT staff_id, group_id FROM staff_group WHERE staff_id IN (:ids) ORDER BY group_id")
                .param("ids", staffIds)
                .query(rs -> {
                    groups.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        return groups;
    }

    static String normalise(String email) {
        return email == null ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }

    private static Staff row(ResultSet rs, int n) throws SQLException {
        return new Staff(rs.getLong("id"), rs.getString("email"), rs.getString("full_name"),
                rs.getString("signature"), rs.getBoolean("admin"), rs.getBoolean("bot"), rs.getBoolean("active"),
                rs.getString("status"), List.of(), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }
}
