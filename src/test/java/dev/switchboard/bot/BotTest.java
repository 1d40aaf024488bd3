package dev.switchboard.bot;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.WebhookReceiver;

/**
 * The bot tests on the shared application: each test gets its own receiver (playing channels and
 * bots) and makes its own groups, channels and bots.
 */
abstract class BotTest extends SwitchboardTest {

    protected final WebhookReceiver peers = new WebhookReceiver();
    protected BotDesk desk;

    @BeforeEach
    void setUpDesk() {
        desk = new BotDesk(admin(), peers);
    }

    @AfterEach
    void stopPeers() {
        peers.close();
    }
}
