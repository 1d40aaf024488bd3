package dev.switchboard.bot.model;

/** {@code POST /api/bot/v2/close_chat}: {@code {"chat_id":1}}. */
public record CloseChatRequest(Long chatId) {
}
