package dev.switchboard.desk.channel;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

import dev.switchboard.platform.RowLocks;
import dev.switchboard.platform.TransactionReads;

@Repository
public class ChannelRepository {

    private static final String COLUMNS = "id, code, kind, title, channel_type, webhook_url, webhook_format, "
            + "webhook_secret, chat_idle_timeout, chat_idle_status, group_id, active, created_at, updated_at";

    private final JdbcClient jdbc;
    private final RowLocks locks;
    private final TransactionReads<String, Channel> reads = new TransactionReads<>();

    public ChannelRepository(JdbcClient jdbc, RowLocks locks) {
        this.jdbc = jdbc;
        this.locks = locks;
    }

    /** The channel; read once per transaction until channels are written. */
    public Optional<Channel> findById(long id) {
        return reads.get("id:" + id, k -> jdbc.sql("SELECT " + COLUMNS + " FROM channel WHERE id = ?").param(id)
                .query(ChannelRepository::row).optional());
    }

    /** Locks a channel's row until the transaction ends and reads it. */
    public Channel lock(long id) {
        reads.evictAll();
        locks.lock("channel", "id = ?", id);
        return findById(id).orElseThrow();
    }

    public Optional<Channel> findByCode(String code) {
        return reads.get("code:" + code, k -> jdbc.sql("SELECT " + COLUMNS + " FROM channel WHERE code = ?")
                .param(code).query(ChannelRepository::row).optional());
    }

    public List<Channel> listByKind(String kind, long offset, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM channel WHERE kind = ? ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(kind, offset, limit).query(ChannelRepository::row).list();
    }

    public long countByKind(String kind) {
        return jdbc.sql("SELECT COUNT(*) FROM channel WHERE kind = ?").param(kind).query(Long.class).single();
    }

    /**
     * A channel declared in configuration under a fixed code (a Bot Framework bot, say): created on
     * the first start, its title, idle timeout and group brought in line on later ones.
     */
    public Channel declare(String code, String kind, String title, String channelType, Integer chatIdleTimeout,
            Long groupId, OffsetDateTime now) {
        reads.evictAll();
        Optional<Channel> existing = findByCode(code);
        if (existing.isPresent()) {
            jdbc.sql("UPDATE channel SET title = ?, channel_type = ?, chat_idle_timeout = ?, group_id = ?, active = TRUE, "
                            + "updated_at = ? WHERE id = ?")
                    .params(title, channelType, chatIdleTimeout, groupId, now, existing.get().id()).update();
        } else {
            jdbc.sql("""
                    INSERT INTO channel (code, kind, title, channel_type, chat_idle_timeout, group_id, active,
                                         created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?)""")
                    .params(code, kind, title, channelType, chatIdleTimeout, groupId, now, now).update();
        }
        return findByCode(code).orElseThrow();
    }

    /** Inserts a channel; its code is derived from the generated id by {@code codePrefix + id}. */
    public long insert(String codePrefix, String kind, String title, String channelType, String webhookUrl,
            String webhookFormat, String webhookSecret, Integer chatIdleTimeout, String chatIdleStatus,
            OffsetDateTime now) {
        reads.evictAll();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO channel (kind, title, channel_type, webhook_url, webhook_format, webhook_secret,
                                     chat_idle_timeout, chat_idle_status, active, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?)""")
                .params(kind, title, channelType, webhookUrl, webhookFormat, webhookSecret, chatIdleTimeout,
                        chatIdleStatus, now, now)
                .update(key, "id");
        long id = key.getKey().longValue();
        jdbc.sql("UPDATE channel SET code = ? WHERE id = ?").params(codePrefix + id, id).update();
        return id;
    }

    public void update(Channel channel, OffsetDateTime now) {
        reads.evictAll();
        jdbc.sql("""
                UPDATE channel SET title = ?, channel_type = ?, webhook_url = ?, webhook_format = ?,
                                   webhook_secret = ?, chat_idle_timeout = ?, chat_idle_status = ?, group_id = ?,
                                   active = ?, updated_at = ?
                WHERE id = ?""")
                .params(channel.title(), channel.channelType(), channel.webhookUrl(), channel.webhookFormat(),
                        channel.webhookSecret(), channel.chatIdleTimeout(), channel.chatIdleStatus(),
                        channel.groupId(), channel.active(), now, channel.id())
                .update();
    }

    private static Channel row(ResultSet rs, int n) throws SQLException {
        return new Channel(rs.getLong("id"), rs.getString("code"), rs.getString("kind"), rs.getString("title"),
                rs.getString("channel_type"), rs.getString("webhook_url"), rs.getString("webhook_format"),
                rs.getString("webhook_secret"), rs.getObject("chat_idle_timeout", Integer.class),
                rs.getString("chat_idle_status"), rs.getObject("group_id", Long.class), rs.getBoolean("active"),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
