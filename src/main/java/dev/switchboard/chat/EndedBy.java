package dev.switchboard.chat;

/** Who or what ended a live chat. */
public enum EndedBy {
    /** A staff member ({@code POST /api/cases/{id}/end_chat.json}). */
    STAFF,
    /** A rule's action "end chat and set status". */
    RULE,
    /** The channel itself reported the chat finished. */
    CHANNEL,
    /** Nobody wrote for the channel's idle timeout. */
    IDLE;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
