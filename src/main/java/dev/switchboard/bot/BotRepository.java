package dev.switchboard.bot;

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

import dev.switchboard.pipeline.Deliveries;
import dev.switchboard.platform.KeptAWhile;
import dev.switchboard.platform.TransactionReads;

/** Bots, their groups, and the chats they own. */
@Repository
public class BotRepository {

    private static final String COLUMNS = "id, bot_key, title, webhook_url, webhook_secret, staff_id, status, "
            + "handoff_group_id, unreachable_since, created_at, updated_at";

    /**
     * How long a bot found by its token is kept: every bot API call authenticates. A change of a
     * bot (its token, its status) on this node applies at once, one on another node within this.
     */
    public static final Duration TOKEN_TTL = Duration.ofSeconds(5);

    private final JdbcClient jdbc;
    private final TransactionReads<Long, Bot> reads = new TransactionReads<>();
    private final TransactionReads<Long, BotChat> owners = new TransactionReads<>();
    private final KeptAWhile<String, Bot> byToken = new KeptAWhile<>(TOKEN_TTL);

    public BotRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /*
     * Reads on the message path (findById, findByTokenHash, findByStaff, takingChatsIn) leave the
     * bot's groups out (groupIds empty): nothing there needs them, and they cost a query each.
     * The API and configuration read them with findWithGroups and findByKey.
     */

    /** The bot without its groups; read once per transaction until bots are written. */
    public Optional<Bot> findById(long id) {
        return reads.get(id, k -> lean("SELECT " + COLUMNS + " FROM bot WHERE id = ?", id));
    }

    /** Keeps a bot read just before (its call's principal) for the rest of this transaction. */
    public void keep(Bot bot) {
        reads.keep(bot.id(), bot);
    }

    public Optional<Bot> findWithGroups(long id) {
        return one("SELECT " + COLUMNS + " FROM bot WHERE id = ?", id);
    }

    public Optional<Bot> findByKey(String key) {
        return one("SELECT " + COLUMNS + " FROM bot WHERE bot_key = ?", key);
    }

    /** The bot of a token, without its groups; kept for {@link #TOKEN_TTL}. */
    public Optional<Bot> findByTokenHash(String tokenHash) {
        return byToken.get(tokenHash, hash -> lean("SELECT " + COLUMNS + " FROM bot WHERE token_hash = ?", hash));
    }

    /** The bot of a staff member, without its groups. */
    public Optional<Bot> findByStaff(long staffId) {
        return lean("SELECT " + COLUMNS + " FROM bot WHERE staff_id = ?", staffId);
    }

    public List<Bot> list(long offset, int limit) {
        return withGroups(jdbc.sql("SELECT " + COLUMNS + " FROM bot ORDER BY id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")
                .params(offset, limit).query(BotRepository::row).list());
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM bot").query(Long.class).single();
    }

    public long insert(String key, String title, String webhookUrl, String tokenHash, String webhookSecret,
            long staffId, String status, Long handoffGroupId, OffsetDateTime now) {
        GeneratedKeyHolder id = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO bot (bot_key, title, webhook_url, token_hash, webhook_secret, staff_id, status,
                                 handoff_group_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(key, title, webhookUrl, tokenHash, webhookSecret, staffId, status, handoffGroupId, now, now)
                .update(id, "id");
        written();
        return id.getKey().longValue();
    }

    public void update(Bot bot, OffsetDateTime now) {
        jdbc.sql("""
                UPDATE bot SET title = ?, webhook_url = ?, webhook_secret = ?, status = ?, handoff_group_id = ?,
                               unreachable_since = ?, updated_at = ?
                WHERE id = ?""")
                .params(bot.title(), bot.webhookUrl(), bot.webhookSecret(), bot.status(), bot.handoffGroupId(),
                        bot.unreachableSince(), now, bot.id())
                .update();
        written();
    }

    public void updateTokenHash(long id, String tokenHash, OffsetDateTime now) {
        jdbc.sql("UPDATE bot SET token_hash = ?, updated_at = ? WHERE id = ?").params(tokenHash, now, id).update();
        written();
    }

    /** Marks the bot down from now: it takes no new chats for a while. */
    public void markUnreachable(long id, OffsetDateTime since) {
        jdbc.sql("UPDATE bot SET unreachable_since = ? WHERE id = ?").params(since, id).update();
        written();
    }

    /** Bots with an event that has been failing (parked) since before {@code cutoff}. */
    public List<Long> failingSince(OffsetDateTime cutoff) {
        return jdbc.sql("SELECT DISTINCT receiver FROM parked_delivery WHERE queue_name = ? AND created_at <= ?")
                .params(BotWebhook.QUEUE, cutoff).query(String.class).list().stream()
                .filter(r -> r.startsWith("bot-")).map(r -> Long.parseLong(r.substring(4))).toList();
    }

    /** Clears a bot's mark of being down (after every delivered event: mostly there is none). */
    public void markReachable(long id) {
        if (jdbc.sql("UPDATE bot SET unreachable_since = NULL WHERE id = ? AND unreachable_since IS NOT NULL")
                .param(id).update() > 0) {
            written();
        }
    }

    /**
     * After a bot row was written: this transaction's reads and the bots kept by token are
     * forgotten (after the statement, so a call reading in between does not keep the old row).
     */
    private void written() {
        reads.evictAll();
        byToken.forget();
    }

    public void setGroups(long botId, List<Long> groupIds) {
        jdbc.sql("DELETE FROM bot_group WHERE bot_id = ?").param(botId).update();
        for (Long groupId : groupIds) {
            jdbc.sql("INSERT INTO bot_group (bot_id, group_id) VALUES (?, ?)").params(botId, groupId).update();
        }
        written();
    }

    /**
     * The bot that takes a new live chat of a group: one that takes chats, whose staff member is
     * active, and that is not down (or was marked down before {@code retryDownBefore}, so it gets
     * another chance); the one with the fewest chats first. Counting a bot's chats reads all of
     * them (tens of thousands for a busy bot, up to a sixth of the CPU of a bot round trip at
     * saturation, growing as chats piled up), so they are counted only when more than one bot can
     * take the chat.
     */
    public Optional<Bot> takingChatsIn(long groupId, OffsetDateTime retryDownBefore) {
        List<Bot> candidates = jdbc.sql(TAKING_CHATS + " ORDER BY b.id FETCH FIRST 2 ROWS ONLY")
                .params(groupId, retryDownBefore).query(BotRepository::row).list();
        if (candidates.size() < 2) {
            return candidates.stream().findFirst();
        }
        return lean(TAKING_CHATS + """
                 ORDER BY (SELECT COUNT(*) FROM bot_chat c WHERE c.bot_id = b.id), b.id
                FETCH FIRST 1 ROWS ONLY""", groupId, retryDownBefore);
    }

    private static final String TAKING_CHATS = """
            SELECT b.id, b.bot_key, b.title, b.webhook_url, b.webhook_secret, b.staff_id, b.status,
                   b.handoff_group_id, b.unreachable_since, b.created_at, b.updated_at
            FROM bot b JOIN bot_group g ON g.bot_id = b.id JOIN staff s ON s.id = b.staff_id
            WHERE g.group_id = ? AND b.status <> 'offline' AND s.active = TRUE
              AND (b.unreachable_since IS NULL OR b.unreachable_since < ?)""";

    // --- the chats bots own ---

    /** The bot that owns the case's chat; read once per transaction until ownership changes. */
    public Optional<BotChat> chatOf(long caseId) {
        return owners.get(caseId, this::loadChatOf);
    }

    private Optional<BotChat> loadChatOf(long caseId) {
        return jdbc.sql("SELECT case_id, bot_id, chat_id, owned_since FROM bot_chat WHERE case_id = ?").param(caseId)
                .query((rs, n) -> new BotChat(rs.getLong("case_id"), rs.getLong("bot_id"), rs.getLong("chat_id"),
                        rs.getObject("owned_since", OffsetDateTime.class)))
                .optional();
    }

    public List<Long> casesOwnedBy(long botId) {
        return jdbc.sql("SELECT case_id FROM bot_chat WHERE bot_id = ? ORDER BY case_id").param(botId)
                .query(Long.class).list();
    }

    /** The bot owns the case's chat from now on (replacing an earlier ownership of the case). */
    public void own(BotChat chat) {
        owners.evictAll();
        release(chat.caseId());
        jdbc.sql("INSERT INTO bot_chat (case_id, bot_id, chat_id, owned_since) VALUES (?, ?, ?, ?)")
                .params(chat.caseId(), chat.botId(), chat.chatId(), chat.ownedSince()).update();
    }

    /**
     * The chat is no longer its bot's. Its events still parked for a retry are dropped now, not at
     * their next attempt: after a long outage that may be minutes away, and meanwhile they would
     * hold up the events of whoever owns the chat next, and keep the bot looking down to the watch.
     */
    public boolean release(long caseId) {
        owners.evictAll();
        jdbc.sql("DELETE FROM parked_delivery WHERE queue_name = ? AND group_key = ?")
                .params(BotWebhook.QUEUE, Deliveries.groupOf(caseId, BotWebhook.LANE)).update();
        return jdbc.sql("DELETE FROM bot_chat WHERE case_id = ?").param(caseId).update() == 1;
    }

    /** Whether the bot still owns the chat as it did when an event was queued. */
    public boolean stillOwns(long botId, long caseId, OffsetDateTime ownedSince) {
        return chatOf(caseId).filter(c -> c.botId() == botId && c.ownedSince().isEqual(ownedSince)).isPresent();
    }

    private Optional<Bot> lean(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(BotRepository::row).optional();
    }

    private Optional<Bot> one(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(BotRepository::row).optional()
                .map(bot -> withGroups(List.of(bot)).get(0));
    }

    private List<Bot> withGroups(List<Bot> bots) {
        if (bots.isEmpty()) {
            return bots;
        }
        Map<Long, List<Long>> groups = new HashMap<>();
        jdbc.sql("SELECT bot_id, group_id FROM bot_group WHERE bot_id IN (:ids) ORDER BY group_id")
                .param("ids", bots.stream().map(Bot::id).toList())
                .query(rs -> {
                    groups.computeIfAbsent(rs.getLong("bot_id"), k -> new ArrayList<>()).add(rs.getLong("group_id"));
                });
        return bots.stream().map(b -> b.withGroups(groups.getOrDefault(b.id(), List.of()))).toList();
    }

    private static Bot row(ResultSet rs, int n) throws SQLException {
        return new Bot(rs.getLong("id"), rs.getString("bot_key"), rs.getString("title"), rs.getString("webhook_url"),
                rs.getString("webhook_secret"), rs.getLong("staff_id"), rs.getString("status"),
                rs.getObject("handoff_group_id", Long.class), List.of(),
                rs.getObject("unreachable_since", OffsetDateTime.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));
    }
}
