package dev.switchboard.bot;

/** The bot a bot API call authenticated as (by its token), as read for this request. */
public record BotPrincipal(Bot bot) {

    public long botId() {
        return bot.id();
    }
}
