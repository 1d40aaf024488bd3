package dev.switchboard.bot;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A bot speaking Webim's External Bot API 2.0. It acts as its own bot staff member
 * ({@code staffId}), takes the live chats that arrive in its groups while it is online or
 * invisible, receives their events at {@code webhookUrl} and answers through the bot API with its
 * token. {@code unreachableSince} is set while it is considered down (its chats went to people).
 */
public record Bot(
        long id,
        String key,
        String title,
        String webhookUrl,
        String webhookSecret,
        long staffId,
        String status,
        Long handoffGroupId,
        List<Long> groupIds,
        OffsetDateTime unreachableSince,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String ONLINE = "online";
    public static final String INVISIBLE = "invisible";
    public static final String OFFLINE = "offline";
    public static final List<String> STATUSES = List.of(ONLINE, INVISIBLE, OFFLINE);

    /** The receiver name of its deliveries (held together when it stops answering). */
    public String receiver() {
        return receiverOf(id);
    }

    public static String receiverOf(long botId) {
        return "bot-" + botId;
    }

    public boolean takesChats() {
        return !OFFLINE.equals(status);
    }

    public Bot withGroups(List<Long> groups) {
        return new Bot(id, key, title, webhookUrl, webhookSecret, staffId, status, handoffGroupId, groups,
                unreachableSince, createdAt, updatedAt);
    }
}
