package dev.switchboard.pipeline;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The canonical inbound message: what a channel's inbound route makes of its wire format before
 * the message goes to the broker ({@code sb.inbound}, grouped by conversation). The desk turns it
 * into a customer message of the conversation's case, or records an event of the conversation.
 *
 * @param channel the channel's code
 * @param conversation the conversation's key within the channel (one case at a time per conversation)
 * @param externalId the channel's id of this message: a second copy with the same id is dropped
 * @param kind {@link #MESSAGE}, {@link #EVENT} or {@link #CHAT_ENDED}
 * @param eventType for an event, the channel's name of it (e.g. conversationUpdate)
 * @param sender who wrote it (the channel's user id and display name)
 * @param text the message text ({@link #EVENT}: what happened, for people to read)
 * @param files files to fetch into the attachment store
 * @param group a group conversation: its case belongs to the conversation, and messages show their authors
 * @param title the conversation's name, if it has one
 * @param reference what the channel needs to answer in the conversation (channel-specific JSON)
 */
public record Inbound(
        String channel,
        String conversation,
        String externalId,
        String kind,
        String eventType,
        Sender sender,
        String text,
        List<File> files,
        OffsetDateTime sentAt,
        boolean group,
        String title,
        JsonNode reference) {

    public static final String MESSAGE = "message";
    public static final String EVENT = "event";
    /** The channel reports the conversation finished: the case's live chat ends. */
    public static final String CHAT_ENDED = "chat_ended";

    /** A channel's user. */
    public record Sender(String id, String name) {
    }

    /**
     * A file to download; {@code channelAuth}: the channel's own host, which needs the channel's
     * credentials (nobody else gets them).
     */
    public record File(String url, String name, String contentType, boolean channelAuth) {
    }

    /** The group key of the conversation's messages on the broker: one conversation, in order. */
    public String groupKey() {
        return channel + "|" + conversation;
    }
}
