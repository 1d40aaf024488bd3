package dev.switchboard.bot;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Finds bots that stopped answering: one whose events have been failing for longer than
 * {@code switchboard.bot-api.unreachable-budget} is marked down and its chats go to people with a
 * note saying why (a timer route calls {@link #check}). A bot marked down takes no new chats until
 * it answers again, calls the bot API, is given a status, or {@code retry-down-after} has passed.
 */
@Component("botWatch")
class BotWatch {

    private final BotRepository bots;
    private final BotHandoff handoff;
    private final BotProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    BotWatch(BotRepository bots, BotHandoff handoff, BotProperties properties, PlatformTransactionManager transactions,
            Clock clock) {
        this.bots = bots;
        this.handoff = handoff;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /** Returns how many chats were handed to people. */
    public int check() {
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
        int handed = 0;
        for (long botId : bots.failingSince(now.minus(properties.unreachableBudget()))) {
            Integer moved = transaction.execute(status -> bots.findById(botId)
                    .filter(bot -> !bots.casesOwnedBy(botId).isEmpty())
                    .map(bot -> {
                        bots.markUnreachable(botId, now);
                        return handoff.toPeople(bot, "the bot " + bot.title() + " did not answer for "
                                + properties.unreachableBudget().toSeconds() + " s");
                    }).orElse(0));
            handed += moved == null ? 0 : moved;
        }
        return handed;
    }
}
