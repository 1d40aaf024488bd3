package dev.switchboard.bot;

/** The bot a bot API call authenticated as (by its token). */
public record BotPrincipal(long botId) {
}
