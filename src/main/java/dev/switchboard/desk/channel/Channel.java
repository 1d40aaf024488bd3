package dev.switchboard.desk.channel;

import java.time.OffsetDateTime;

/**
 * A channel cases arrive through: the built-in {@code api}, custom channels {@code cch<N>}, and
 * later channel kinds. Sync channels are chats (a case has a live chat that ends after
 * {@code chatIdleTimeout} seconds of silence, null = the default, setting {@code chatIdleStatus},
 * null = leave the status); async ones are email-like. The webhook secret is never part of this
 * record's text (see {@link #toString()}).
 */
public record Channel(
        long id,
        String code,
        String kind,
        String title,
        String channelType,
        String webhookUrl,
        String webhookFormat,
        String webhookSecret,
        Integer chatIdleTimeout,
        String chatIdleStatus,
        Long groupId,
        boolean active,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static final String SYNC = "sync";
    public static final String ASYNC = "async";
    public static final String API = "api";
    /** The kind of custom channels (seed 004): codes cch1, cch2, ... */
    public static final String CUSTOM = "custom";

    public Channel withGroup(Long group) {
        return new Channel(id, code, kind, title, channelType, webhookUrl, webhookFormat, webhookSecret,
                chatIdleTimeout, chatIdleStatus, group, active, createdAt, updatedAt);
    }

    public boolean sync() {
        return SYNC.equals(channelType);
    }

    @Override
    public String toString() {
        return "Channel[" + id + ", " + code + ", " + kind + ", " + title + ", active=" + active + "]";
    }
}
