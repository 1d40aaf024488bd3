package dev.switchboard.bot.model;

/**
 * {@code POST /api/bot/v2/redirect_chat}: to a staff member ({@code operator_id}), to a group
 * ({@code dep_key}, the group's key), or with neither to the general queue.
 */
public record RedirectChatRequest(Long chatId, Long operatorId, String depKey) {
}
