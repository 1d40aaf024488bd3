package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.switchboard.support.Desk;
import dev.switchboard.support.Setup;
import dev.switchboard.support.TestApp;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.WebhookReceiver.Reply;
import dev.switchboard.support.Webhooks;

/**
 * A staff reply that got its 201 is delivered even if the application stops before delivering
 * it, wherever it was at that moment: in the outbox, on the broker, or parked for a retry.
 */
class RestartTest {

    private static final WebhookReceiver RECEIVER = new WebhookReceiver();
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @AfterAll
    static void stopReceiver() {
        RECEIVER.close();
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aReplyCommittedButNotYetRelayedIsDeliveredAfterTheRestart(Setup setup) throws Exception {
        Map<String, String> installation = setup.newInstallation();
        String path = RECEIVER.newPath();
        long caseId;
        long reply;
        try (TestApp app = setup.start(installation)) {
            caseId = openCase(app, path);
            // as if the process died right after the commit: the relay never runs
            app.bean(OutboxRelay.class).stop();
            reply = new Desk(app.admin()).reply(caseId, "committed, not relayed");
        }
        try (TestApp app = setup.start(installation)) {
            await().atMost(PATIENCE).until(() -> RECEIVER.delivered(path).size() == 1);
            assertThat(Webhooks.messageId(RECEIVER.delivered(path).get(0))).isEqualTo(reply);
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aReplyWaitingOnTheBrokerIsDeliveredAfterTheRestart(Setup setup) throws Exception {
        Map<String, String> installation = setup.newInstallation();
        String path = RECEIVER.newPath();
        long first;
        long second;
        try (TestApp app = setup.start(installation)) {
            long caseId = openCase(app, path);
            app.bean(CamelContext.class).getRouteController().stopRoute("custom-channel-delivery");
            Desk desk = new Desk(app.admin());
            first = desk.reply(caseId, "on the broker 1");
            second = desk.reply(caseId, "on the broker 2");
            await().atMost(PATIENCE).until(() -> outboxRows(app) == 0);
        }
        assertThat(RECEIVER.hits(path)).isEmpty();
        try (TestApp app = setup.start(installation)) {
            await().atMost(PATIENCE).until(() -> RECEIVER.delivered(path).size() == 2);
            assertThat(RECEIVER.delivered(path)).extracting(Webhooks::messageId).containsExactly(first, second);
        }
    }

    @ParameterizedTest
    @EnumSource(Setup.class)
    void aParkedDeliveryAndTheOnesBehindItAreDeliveredInOrderAfterTheRestart(Setup setup) throws Exception {
        Map<String, String> installation = setup.newInstallation();
        String path = RECEIVER.newPath();
        RECEIVER.behave(path, (p, body, attempt) -> Reply.of(503));
        List<Long> replies;
        try (TestApp app = setup.start(installation)) {
            long caseId = openCase(app, path);
            Desk desk = new Desk(app.admin());
            replies = List.of(desk.reply(caseId, "parked 1"), desk.reply(caseId, "parked 2"), desk.reply(caseId, "parked 3"));
            await().atMost(PATIENCE).until(() -> app.bean(ParkedDeliveries.class).count() == 3);
        }
        RECEIVER.behave(path, (p, body, attempt) -> Reply.of(200));
        try (TestApp app = setup.start(installation)) {
            await().atMost(PATIENCE).until(() -> RECEIVER.delivered(path).size() == 3);
            assertThat(RECEIVER.delivered(path)).extracting(Webhooks::messageId).containsExactlyElementsOf(replies);
        }
    }

    private static long openCase(TestApp app, String path) {
        Desk desk = new Desk(app.admin());
        JsonNode channel = desk.channel(RECEIVER.url(path), "json");
        return desk.customerCase(channel.get("channel_api_key").asText(), "u-restart", "hello").get("case_id").asLong();
    }

    private static long outboxRows(TestApp app) {
        return app.bean(org.springframework.jdbc.core.simple.JdbcClient.class).sql("SELECT COUNT(*) FROM outbox")
                .query(Long.class).single();
    }
}
