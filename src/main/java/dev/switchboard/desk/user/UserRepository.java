package dev.switchboard.desk.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.switchboard.platform.RowLocks;
import dev.switchboard.platform.TransactionReads;

/** User profiles, their identities and their links. */
@Repository
public class UserRepository {

    private static final String COLUMNS =
            "u.id, u.person_id, u.type, u.full_name, u.company_name, u.company_position, "
                    + "u.created_at, u.updated_at";

    private final JdbcClient jdbc;
    private final RowLocks locks;
    private final TransactionReads<Long, DeskUser> reads = new TransactionReads<>();

    public UserRepository(JdbcClient jdbc, RowLocks locks) {
        this.jdbc = jdbc;
        this.locks = locks;
    }

    /** The user with identities and linked profiles; read once per transaction until users are written. */
    public Optional<DeskUser> findById(long id) {
        return reads.get(id, this::load);
    }

    private Optional<DeskUser> load(long id) {
        List<DeskUser> users = complete(jdbc.sql("SELECT " + COLUMNS + " FROM desk_user u WHERE u.id = ?")
                .param(id).query(UserRepository::row).list());
        return users.stream().findFirst();
    }

    /**
     * The user's id on a custom channel, if any: from the user when this transaction read it,
     * otherwise one indexed read (what a delivery to the customer needs of them).
     */
    public Optional<String> customId(long userId, String channelCode) {
        Optional<DeskUser> kept = reads.kept(userId);
        if (kept.isPresent()) {
            return kept.get().customId(channelCode);
        }
        return jdbc.sql("SELECT identity_value FROM user_identity WHERE user_id = ? AND kind = ? AND scope = ? "
                        + "ORDER BY id FETCH FIRST 1 ROWS ONLY")
                .params(userId, Identity.CUSTOM, channelCode).query(String.class).optional();
    }

    public boolean exists(long id) {
        return jdbc.sql("SELECT COUNT(*) FROM desk_user WHERE id = ?").param(id).query(Long.class).single() > 0;
    }

    public Optional<Long> findByIdentity(Identity identity) {
        return jdbc.sql("SELECT user_id FROM user_identity WHERE kind = ? AND scope = ? AND identity_value = ?")
                .params(identity.kind(), identity.scope(), identity.value()).query(Long.class).optional();
    }

    /** Users matching every given filter (null filters are ignored), newest first. */
    public List<DeskUser> list(UserFilter filter, long offset, int limit) {
        Where where = where(filter);
        return complete(jdbc.sql("SELECT " + COLUMNS + " FROM desk_user u" + where.sql
                        + " ORDER BY u.id DESC OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .params(where.params).param("offset", offset).param("limit", limit)
                .query(UserRepository::row).list());
    }

    public long count(UserFilter filter) {
        Where where = where(filter);
        return jdbc.sql("SELECT COUNT(*) FROM desk_user u" + where.sql).params(where.params)
                .query(Long.class).single();
    }

    public long insert(String type, Profile profile, OffsetDateTime now) {
        reads.evictAll();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO desk_user (type, full_name, company_name, company_position, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?)""")
                .params(type, profile.fullName(), profile.companyName(), profile.companyPosition(), now, now)
                .update(key, "id");
        long id = key.getKey().longValue();
        jdbc.sql("UPDATE desk_user SET person_id = ? WHERE id = ?").params(id, id).update();
        return id;
    }

    /** Adds an identity; throws DuplicateKeyException when another user already has it. */
    public void addIdentity(long userId, Identity identity, OffsetDateTime now) {
        reads.evictAll();
        jdbc.sql("INSERT INTO user_identity (user_id, kind, scope, identity_value, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(userId, identity.kind(), identity.scope(), identity.value(), now).update();
    }

    public void removeIdentities(long userId, String kind) {
        reads.evictAll();
        jdbc.sql("DELETE FROM user_identity WHERE user_id = ? AND kind = ?").params(userId, kind).update();
    }

    /** Applies the non-null fields of {@code profile}. */
    public void updateProfile(long userId, Profile profile, OffsetDateTime now) {
        reads.evictAll();
        jdbc.sql("""
                UPDATE desk_user SET full_name = COALESCE(?, full_name),
                                     company_name = COALESCE(?, company_name),
                                     company_position = COALESCE(?, company_position),
                                     updated_at = ?
                WHERE id = ?""")
                .params(profile.fullName(), profile.companyName(), profile.companyPosition(), now, userId)
                .update();
    }

    /** Locks a user's row until the transaction ends: linking decisions about it are taken one at a time. */
    public void lock(long userId) {
        reads.evictAll();
        locks.lock("desk_user", "id = ?", userId);
    }

    public long personOf(long userId) {
        return jdbc.sql("SELECT person_id FROM desk_user WHERE id = ?").param(userId).query(Long.class).single();
    }

    /** Custom-channel ids held by any profile of a person on the given channel. */
    public List<String> customIdsOfPerson(long personId, String channelCode) {
        return jdbc.sql("""
                SELECT i.identity_value FROM user_identity i JOIN desk_user u ON u.id = i.user_id
                WHERE u.person_id = ? AND i.kind = 'custom' AND i.scope = ?""")
                .params(personId, channelCode).query(String.class).list();
    }

    /** Joins the persons of two users into one. */
    public void link(long userId, long otherUserId, OffsetDateTime now) {
        reads.evictAll();
        long person = personOf(userId);
        long otherPerson = personOf(otherUserId);
        if (person != otherPerson) {
            jdbc.sql("UPDATE desk_user SET person_id = ?, updated_at = ? WHERE person_id = ?")
                    .params(person, now, otherPerson).update();
        }
    }

    /** Takes a user out of its person; the others stay linked to each other. */
    public void unlink(long userId, OffsetDateTime now) {
        reads.evictAll();
        long person = personOf(userId);
        jdbc.sql("UPDATE desk_user SET person_id = id, updated_at = ? WHERE id = ?").params(now, userId).update();
        if (person == userId) {
            Optional<Long> newRoot = jdbc.sql("SELECT MIN(id) FROM desk_user WHERE person_id = ? AND id <> ?")
                    .params(person, userId).query(Long.class).optional();
            newRoot.ifPresent(root -> jdbc.sql("UPDATE desk_user SET person_id = ?, updated_at = ? WHERE person_id = ? AND id <> ?")
                    .params(root, now, person, userId).update());
        }
    }

    private List<DeskUser> complete(List<DeskUser> users) {
        if (users.isEmpty()) {
            return users;
        }
        List<Long> ids = users.stream().map(DeskUser::id).toList();
        List<Long> persons = users.stream().map(DeskUser::personId).distinct().toList();
        Map<Long, List<Identity>> identities = new HashMap<>();
        jdbc.sql("SELECT user_id, kind, scope, identity_value FROM user_identity WHERE user_id IN (:ids) ORDER BY id")
                .param("ids", ids)
                .query(rs -> {
                    identities.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new Identity(rs.getString(2), rs.getString(3), rs.getString(4)));
                });
        Map<Long, List<Long>> members = new HashMap<>();
        jdbc.sql("SELECT person_id, id FROM desk_user WHERE person_id IN (:persons) ORDER BY id")
                .param("persons", persons)
                .query(rs -> {
                    members.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        return users.stream().map(u -> new DeskUser(u.id(), u.personId(), u.type(), u.fullName(), u.companyName(),
                u.companyPosition(), identities.getOrDefault(u.id(), List.of()),
                members.getOrDefault(u.personId(), List.of()).stream().filter(id -> id != u.id()).toList(),
                u.createdAt(), u.updatedAt())).toList();
    }

    private record Where(String sql, Map<String, Object> params) {
    }

    private static Where where(UserFilter filter) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        identityCondition(conditions, params, "email", Identity.EMAIL, null, filter.email());
        identityCondition(conditions, params, "phone", Identity.PHONE, null, filter.phone());
        identityCondition(conditions, params, "custom", Identity.CUSTOM, filter.customChannel(), filter.customId());
        if (filter.customId() == null && filter.customChannel() != null) {
            conditions.add("EXISTS (SELECT 1 FROM user_identity i WHERE i.user_id = u.id AND i.kind = 'custom' "
                    + "AND i.scope = :channel)");
            params.put("channel", filter.customChannel());
        }
        if (filter.from() != null) {
            conditions.add("u.created_at >= :from");
            params.put("from", filter.from());
        }
        if (filter.to() != null) {
            conditions.add("u.created_at <= :to");
            params.put("to", filter.to());
        }
        return new Where(conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions), params);
    }

    private static void identityCondition(List<String> conditions, Map<String, Object> params, String name,
            String kind, String scope, String value) {
        if (value == null) {
            return;
        }
        conditions.add("EXISTS (SELECT 1 FROM user_identity i WHERE i.user_id = u.id AND i.kind = '" + kind
                + "' AND i.identity_value = :" + name + (scope == null ? "" : " AND i.scope = :" + name + "Scope")
                + ")");
        params.put(name, value);
        if (scope != null) {
            params.put(name + "Scope", scope);
        }
    }

    private static DeskUser row(ResultSet rs, int n) throws SQLException {
        return new DeskUser(rs.getLong("id"), rs.getLong("person_id"), rs.getString("type"),
                rs.getString("full_name"), rs.getString("company_name"), rs.getString("company_position"), List.of(), List.of(),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
