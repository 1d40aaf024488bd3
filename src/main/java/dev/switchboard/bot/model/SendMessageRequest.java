package dev.switchboard.bot.model;

import java.util.List;

/**
 * {@code POST /api/bot/v2/send_message}: {@code {"chat_id":1,"message":{"kind":"operator","text":..}}},
 * {@code kind} keyboard with {@code buttons} (rows of {id, text}), or file_operator with {@code data}.
 */
public record SendMessageRequest(Long chatId, Message message) {

    public record Message(String kind, String text, List<List<Button>> buttons, FileData data) {
    }

    public record Button(String id, String text) {
    }
}
