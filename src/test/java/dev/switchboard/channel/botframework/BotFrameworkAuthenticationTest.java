package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.DeskClient;

/**
 * The messaging endpoint believes only the Bot Connector: every broken token is refused (401 for
 * the token itself, 403 for a valid token that does not cover the activity) with a JSON error and
 * nothing stored; tokens inside the clock skew pass; a new signing key is fetched when it appears.
 */
class BotFrameworkAuthenticationTest extends BotFrameworkAppTest {

    @Test
    void everyBrokenTokenIsRefusedWithAJsonErrorAndNothingIsStored() throws Exception {
        String conversation = newConversation();
        String text = "refused " + uid();
        List<Auth> broken = Arrays.stream(Auth.values()).filter(a -> !a.acceptable()).toList();
        assertThat(broken).hasSize(12);
        for (Auth auth : broken) {
            ObjectNode activity = message(SUPPORT, conversation, text);
            FakeBotConnector.Delivery answer = fake(SUPPORT).send(endpoint(SUPPORT), activity, auth);
            int expected = switch (auth) {
                case SERVICE_URL_MISMATCH, SERVICE_URL_MISSING, CHANNEL_NOT_ENDORSED -> 403;
                default -> 401;
            };
            assertThat(answer.status()).as(auth + ": " + answer.body()).isEqualTo(expected);
            JsonNode error = DeskClient.JSON.readTree(answer.body());
            assertThat(error.path("error").asText()).as(auth.name()).isNotEmpty();
            assertThat(error.path("description").asText()).as(auth.name()).isNotEmpty();
        }
        assertNothingStored(conversation, text);

        // the same conversation with a good token: only that one message is there
        accepted(SUPPORT, message(SUPPORT, conversation, "accepted " + text));
        long caseId = awaitCase(SUPPORT, conversation);
        assertThat(contents(caseId)).containsExactly("accepted " + text);
    }

    @Test
    void aTokenForAnotherBotIsRefused() {
        String conversation = newConversation();
        String text = "other bot " + uid();
        ObjectNode activity = message(SUPPORT, conversation, text);
        // signed by the same Connector keys, but its audience is the TOKENS bot's app id
        String authorization = fake(TOKENS).authorization(activity, Auth.VALID);
        assertThat(post(endpoint(SUPPORT), "application/json", activity.toString().getBytes(StandardCharsets.UTF_8),
                authorization).statusCode()).isEqualTo(401);
        assertNothingStored(conversation, text);
    }

    @Test
    void anActivityWithoutAServiceUrlIsRefusedEvenIfItsTokenNamesNone() {
        String conversation = newConversation();
        String text = "no service url " + uid();
        // no serviceUrl in the activity, so the fake's token carries no serviceurl claim either
        ObjectNode activity = message(SUPPORT, conversation, text);
        activity.remove("serviceUrl");
        FakeBotConnector.Delivery answer = fake(SUPPORT).send(endpoint(SUPPORT), activity);
        assertThat(answer.status()).as(answer.body()).isIn(400, 401, 403);
        assertThat(answer.body()).contains("\"error\"");
        assertNothingStored(conversation, text);
    }

    @Test
    void aBearerSchemeWithoutATokenIsRefused() {
        String conversation = newConversation();
        String text = "empty bearer " + uid();
        byte[] body = message(SUPPORT, conversation, text).toString().getBytes(StandardCharsets.UTF_8);
        for (String authorization : List.of("Bearer", "Bearer ", "Bearer    ", "bearer " + fake(SUPPORT)
                .authorization(message(SUPPORT, conversation, text), Auth.VALID).substring(7), "Bearer not.a.jwt")) {
            var answer = post(endpoint(SUPPORT), "application/json", body, authorization);
            assertThat(answer.statusCode()).as("[" + authorization + "] " + answer.body()).isEqualTo(401);
            assertThat(answer.body()).contains("\"error\"");
        }
        assertNothingStored(conversation, text);
    }

    @Test
    void tokensInsideTheClockSkewAreAccepted() {
        String conversation = newConversation();
        for (Auth auth : List.of(Auth.EXPIRED_WITHIN_SKEW, Auth.NOT_YET_VALID_WITHIN_SKEW)) {
            FakeBotConnector.Delivery answer = fake(SUPPORT).send(endpoint(SUPPORT),
                    message(SUPPORT, conversation, auth.name()), auth);
            assertThat(answer.status()).as(auth + ": " + answer.body()).isEqualTo(200);
        }
        long caseId = awaitCase(SUPPORT, conversation);
        await().atMost(PATIENCE).until(() -> contents(caseId), c -> c.size() == 2);
        assertThat(contents(caseId)).containsExactly("EXPIRED_WITHIN_SKEW", "NOT_YET_VALID_WITHIN_SKEW");
    }

    @Test
    void aRotatedSigningKeyIsAcceptedOnceTheKeysAreFetchedAgain() {
        FakeBotConnector connector = fake(ROTATION);
        String conversation = newConversation();
        accepted(ROTATION, message(ROTATION, conversation, "before the rotation"));
        int fetches = connector.jwksFetches();
        assertThat(fetches).isPositive();

        String kid = connector.rotateKey();
        assertThat(kid).isEqualTo(connector.currentKid());
        accepted(ROTATION, message(ROTATION, conversation, "signed with the new key"));
        assertThat(connector.jwksFetches()).isEqualTo(fetches + 1);
        // known from now on: no fetch for the next one
        accepted(ROTATION, message(ROTATION, conversation, "again with the new key"));
        assertThat(connector.jwksFetches()).isEqualTo(fetches + 1);

        long caseId = awaitCase(ROTATION, conversation);
        await().atMost(PATIENCE).until(() -> contents(caseId), c -> c.size() == 3);
        assertThat(contents(caseId)).containsExactly("before the rotation", "signed with the new key",
                "again with the new key");
    }

    /** No conversation with this key, and no case of the channel whose subject has the text. */
    private void assertNothingStored(String conversation, String text) {
        assertThat(conversation(SUPPORT, conversation)).isEmpty();
        assertThat(cases(SUPPORT).stream().map(c -> c.get("subject").asText()))
                .noneMatch(subject -> subject.contains(text));
    }
}
