package dev.switchboard.bot.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** {@code new_chat}: a live chat was given to the bot, with the messages of the chat so far. */
@JsonPropertyOrder({"event", "chat", "visitor", "messages"})
public record NewChatEvent(String event, Chat chat, Visitor visitor, List<WireMessage> messages) {

    public static final String TYPE = "new_chat";

    public record Chat(long id) {
    }

    public NewChatEvent(long chatId, Visitor visitor, List<WireMessage> messages) {
        this(TYPE, new Chat(chatId), visitor, messages);
    }
}
