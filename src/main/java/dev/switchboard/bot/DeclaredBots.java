package dev.switchboard.bot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.switchboard.desk.api.ApiException;

/**
 * Creates or updates the bots of {@code switchboard.bot-api.bots.<key>} at every start (by key, so
 * starting twice changes nothing). A bot that cannot be declared stops the start, naming it.
 *
 * <p>Runs once the application's runners are done, not as one of them: the first start creates
 * the default administrator only on an installation without staff, and a declared bot's staff
 * member created before it would leave the installation without any administrator.
 */
@Component
class DeclaredBots {

    private static final Logger log = LoggerFactory.getLogger(DeclaredBots.class);

    private final BotService bots;
    private final BotProperties properties;

    DeclaredBots(BotService bots, BotProperties properties) {
        this.bots = bots;
        this.properties = properties;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void declare() {
        properties.bots().forEach((key, declared) -> {
            try {
                Bot bot = bots.declare(key, declared);
                log.info("SB-5004 bot {} declared in configuration (id {}, staff {})", key, bot.id(), bot.staffId());
            } catch (ApiException e) {
                throw new IllegalStateException("switchboard.bot-api.bots." + key + ": " + e.getMessage(), e);
            }
        });
    }
}
