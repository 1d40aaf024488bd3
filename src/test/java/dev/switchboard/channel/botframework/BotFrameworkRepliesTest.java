package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.channel.botframework.RecordedRequest.Kind;

/**
 * Replies to the Connector: one token for many replies, renewed before it runs out and once more
 * when the Connector refuses it; throttling (429 with Retry-After) and outages are waited out
 * without losing, doubling or reordering a conversation's replies.
 */
class BotFrameworkRepliesTest extends BotFrameworkAppTest {

    @Test
    void manyRepliesShareOneToken() {
        FakeBotConnector connector = fake(TOKENS);
        String first = newConversation();
        String second = newConversation();
        long firstCase = openCase(TOKENS, first);
        long secondCase = openCase(TOKENS, second);
        List<String> sent = List.of("one", "two", "three", "four");
        for (String text : sent) {
            staffReplies(firstCase, text);
            staffReplies(secondCase, text + " (2)");
        }
        assertThat(texts(awaitDelivered(TOKENS, first, 4))).containsExactlyElementsOf(sent);
        assertThat(texts(awaitDelivered(TOKENS, second, 4))).containsExactly("one (2)", "two (2)", "three (2)",
                "four (2)");
        assertThat(connector.tokenRequests()).isEqualTo(1);
        assertThat(connector.activities()).allSatisfy(r -> assertThat(r.succeeded()).isTrue());
        String token = connector.activities().get(0).authorization();
        assertThat(connector.activities()).allSatisfy(r -> assertThat(r.authorization()).isEqualTo(token));
    }

    @Test
    void aShortLivedTokenIsRenewedBeforeTheConnectorRefusesIt() {
        FakeBotConnector connector = fake(RENEWAL);
        String conversation = newConversation();
        long caseId = openCase(RENEWAL, conversation);
        List<String> sent = new ArrayList<>();
        // replies one after the other until the bot has fetched its third token
        while (connector.tokenRequests() < 3) {
            assertThat(sent.size()).as("replies sent while waiting for the token to be renewed").isLessThan(500);
            String text = "reply " + sent.size();
            staffReplies(caseId, text);
            sent.add(text);
            awaitDelivered(RENEWAL, conversation, sent.size());
        }
        assertThat(texts(deliveredIn(RENEWAL, conversation))).containsExactlyElementsOf(sent);
        // renewed in time: the Connector never had to refuse a token
        assertThat(activitiesIn(RENEWAL, conversation)).allSatisfy(r -> assertThat(r.status()).isNotEqualTo(401));
        assertThat(connector.activities().stream().map(RecordedRequest::authorization).distinct().count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aRefusedTokenIsRenewedOnceAndTheReplyGoesAgainOnce() {
        FakeBotConnector connector = fake(REVOKE);
        String conversation = newConversation();
        long caseId = openCase(REVOKE, conversation);
        staffReplies(caseId, "before");
        awaitDelivered(REVOKE, conversation, 1);
        int tokens = connector.tokenRequests();

        connector.revokeTokens();
        staffReplies(caseId, "after the revocation");
        awaitDelivered(REVOKE, conversation, 2);
        assertThat(connector.tokenRequests()).isEqualTo(tokens + 1);

        // a later reply as a barrier: nothing of the earlier ones comes twice
        staffReplies(caseId, "later");
        awaitDelivered(REVOKE, conversation, 3);
        List<RecordedRequest> all = activitiesIn(REVOKE, conversation);
        assertThat(all).extracting(r -> r.json().get("text").asText() + " " + (r.succeeded() ? "ok" : r.status()))
                .containsExactly("before ok", "after the revocation 401", "after the revocation ok", "later ok");
        assertThat(all.get(1).authorization()).isEqualTo(all.get(0).authorization());
        assertThat(all.get(2).authorization()).isNotEqualTo(all.get(1).authorization());
        assertThat(connector.tokenRequests()).isEqualTo(tokens + 1);
    }

    @Test
    void throttledRepliesWaitForRetryAfterAndKeepTheirOrder() {
        FakeBotConnector connector = fake(THROTTLE);
        String conversation = newConversation();
        long caseId = openCase(THROTTLE, conversation);
        connector.failNext(1, Answer.status(429).retryAfter("1"));
        List<String> sent = List.of("first", "second", "third", "fourth");
        sent.forEach(text -> staffReplies(caseId, text));

        assertThat(texts(awaitDelivered(THROTTLE, conversation, 4))).containsExactlyElementsOf(sent);
        List<RecordedRequest> all = activitiesIn(THROTTLE, conversation);
        assertThat(all.get(0).status()).isEqualTo(429);
        assertThat(all.get(0).json().get("text").asText()).isEqualTo("first");
        RecordedRequest retried = all.get(1);
        assertThat(retried.json().get("text").asText()).isEqualTo("first");
        assertThat(Duration.between(all.get(0).receivedAt(), retried.receivedAt()))
                .as("the retry waited for Retry-After").isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(all).hasSize(5);

        staffReplies(caseId, "barrier");
        assertThat(texts(awaitDelivered(THROTTLE, conversation, 5))).containsExactly("first", "second", "third",
                "fourth", "barrier");
    }

    @Test
    void connectorErrorsAreRetriedUntilTheReplyArrivesOnce() {
        FakeBotConnector connector = fake(THROTTLE);
        String conversation = newConversation();
        long caseId = openCase(THROTTLE, conversation);
        connector.enqueue(Answer.status(502), Answer.status(503).retryAfter("1"), Answer.status(504));
        staffReplies(caseId, "through the errors");
        staffReplies(caseId, "right behind");
        assertThat(texts(awaitDelivered(THROTTLE, conversation, 2))).containsExactly("through the errors",
                "right behind");
        assertThat(activitiesIn(THROTTLE, conversation)).extracting(RecordedRequest::status)
                .startsWith(502, 503, 504).hasSize(5);
    }

    @Test
    void aReplyTheConnectorRefusesForGoodIsDeadLetteredAtOnceAndTheNextOneGoesOn() {
        FakeBotConnector connector = fake(THROTTLE);
        String conversation = newConversation();
        long caseId = openCase(THROTTLE, conversation);
        connector.enqueue(Answer.status(404));
        staffReplies(caseId, "to a conversation that is gone");
        staffReplies(caseId, "the next one");
        assertThat(texts(awaitDelivered(THROTTLE, conversation, 1))).containsExactly("the next one");
        assertThat(activitiesIn(THROTTLE, conversation)).extracting(RecordedRequest::status).containsExactly(404, 201);
        com.fasterxml.jackson.databind.JsonNode dead = admin().get("/api/deliveries/dead.json?queue="
                + BotFrameworkDelivery.QUEUE).json();
        assertThat(dead.toString()).contains("refused for good").contains("HTTP 404");
    }

    @Test
    void aReplyWaitsWhileTheTokenEndpointIsAwayAndArrivesOnceItIsBack() {
        FakeBotConnector connector = fake(OUTAGE);
        String conversation = newConversation();
        long caseId = openCase(OUTAGE, conversation);
        AtomicBoolean away = new AtomicBoolean(true);
        connector.answerWith(r -> r.kind() == Kind.TOKEN && away.get() ? Answer.status(503) : null);
        try {
            staffReplies(caseId, "sent while the identity platform is away");
            JsonNode waiting = await().atMost(PATIENCE).until(() -> waitingDelivery(caseId),
                    d -> d != null && d.get("attempts").asInt() >= 2);
            assertThat(waiting.get("last_error").asText()).contains("token");
            assertThat(admin().get("/api/deliveries/dead.json").json().toString()).doesNotContain(
                    "\"case_id\":" + caseId + ",");
        } finally {
            away.set(false);
            connector.answerWith(null);
        }
        assertThat(texts(awaitDelivered(OUTAGE, conversation, 1)))
                .containsExactly("sent while the identity platform is away");
        staffReplies(caseId, "barrier");
        assertThat(texts(awaitDelivered(OUTAGE, conversation, 2)))
                .containsExactly("sent while the identity platform is away", "barrier");
        assertThat(activitiesIn(OUTAGE, conversation)).hasSize(2);
    }

    private JsonNode waitingDelivery(long caseId) {
        return items(admin().get("/api/deliveries/waiting.json").json(), "delivery").stream()
                .filter(d -> d.get("case_id").asLong() == caseId).findFirst().orElse(null);
    }

    private long openCase(String bot, String conversation) {
        accepted(bot, message(bot, conversation, "Hello from " + conversation));
        return awaitCase(bot, conversation);
    }
}
