package dev.switchboard.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.switchboard.support.Browser;
import dev.switchboard.support.Browser.Response;
import dev.switchboard.support.LoopbackSwitchboardTest;

/**
 * What channels call and file links are answered without a session or the console's CSRF cookie:
 * their peers have no use for either.
 */
class MachineEndpointsTest extends LoopbackSwitchboardTest {

    @Test
    void channelEndpointsAndFileLinksSetNoCookie() {
        Browser peer = browser();
        Response activity = peer.postJson("/channels/botframework/no-such-bot/messages", "{\"type\":\"message\"}",
                "Authorization", "Bearer not-a-token");
        Response unknownChannel = peer.postJson("/channels/no-such-kind/messages", "{}");
        Response file = peer.get("/files/1/note.txt");

        for (Response response : new Response[] {activity, unknownChannel, file}) {
            assertThat(response.status()).as(response.toString()).isBetween(400, 499);
            assertThat(response.raw().headers().allValues("Set-Cookie")).as(response.toString()).isEmpty();
        }
    }

    @Test
    void theConsoleStillHandsOutItsCsrfCookie() {
        Response login = browser().get("/login", "Accept", "text/html");

        assertThat(login.setCookie("XSRF-TOKEN")).isPresent();
    }
}
