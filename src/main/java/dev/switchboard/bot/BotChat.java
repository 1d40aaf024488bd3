package dev.switchboard.bot;

import java.time.OffsetDateTime;

/**
 * A live chat a bot owns: it got {@code new_chat} for chat session {@code chatId} of the case at
 * {@code ownedSince}, and receives the customer's messages until the chat is handed on.
 */
public record BotChat(long caseId, long botId, long chatId, OffsetDateTime ownedSince) {
}
