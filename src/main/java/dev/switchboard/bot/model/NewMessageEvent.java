package dev.switchboard.bot.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code new_message}: one more message in a chat the bot owns ({@code chat_id} at the top level). */
@JsonPropertyOrder({"event", "chat_id", "message"})
public record NewMessageEvent(String event, long chatId, WireMessage message) {

    public static final String TYPE = "new_message";

    public NewMessageEvent(long chatId, WireMessage message) {
        this(TYPE, chatId, message);
    }
}
