package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.switchboard.desk.ingest.InboundIngest;
import dev.switchboard.support.DeskClient;

/**
 * The messaging endpoint facing the internet: bad requests get a 4xx with a JSON error and store
 * nothing, never a 500; a broker that cannot take an activity gets 503 with Retry-After, so the
 * Connector sends it again. And what administrators read to register the bot in Azure.
 */
class BotFrameworkEndpointTest extends BotFrameworkAppTest {

    @Autowired
    EmbeddedActiveMQ broker;

    @Test
    void administratorsSeeEachBotsMessagingEndpointAndSkypeJoinLinkButNeverItsPassword() {
        DeskClient.Answer answer = admin().get("/api/botframework/bots.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> bots = items(answer.json(), "bot");
        assertThat(bots).extracting(b -> b.get("name").asText()).contains(SUPPORT, TOKENS, IDLE, BUTTONS);
        JsonNode support = bots.stream().filter(b -> b.get("name").asText().equals(SUPPORT)).findFirst().orElseThrow();
        assertThat(support.get("app_id").asText()).isEqualTo(fake(SUPPORT).appId());
        assertThat(support.get("channel").asText()).isEqualTo("bf-support");
        assertThat(support.get("messaging_endpoint").asText())
                .endsWith("/channels/botframework/support/messages").startsWith("http");
        assertThat(support.get("skype_join_link").asText())
                .isEqualTo("https://join.skype.com/bot/" + fake(SUPPORT).appId());
        assertThat(support.get("authenticated").asBoolean()).isTrue();
        for (String bot : List.of(SUPPORT, TOKENS, IDLE, BUTTONS)) {
            assertThat(answer.body()).doesNotContain(fake(bot).password());
        }

        DeskClient.Answer one = admin().get("/api/botframework/bots/support.json");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("bot").get("messaging_endpoint").asText())
                .isEqualTo(support.get("messaging_endpoint").asText());
        assertThat(one.body()).doesNotContain(fake(SUPPORT).password());
        assertThat(admin().get("/api/botframework/bots/nosuchbot.json").status()).isEqualTo(404);
        assertThat(admin().get("/api/botframework/bots/nosuchbot/conversations.json").status()).isEqualTo(404);
    }

    @Test
    void theBotListIsForAdministratorsOnly() {
        String email = "bf-agent-" + uid() + "@example.com";
        DeskClient.Answer created = admin().post("/api/staff.json", Map.of("staff", Map.of("staff_email", email,
                "staff_full_name", "Agent " + email)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        DeskClient agent = admin().as(email, created.json().get("staff").get("api_key").asText());
        assertThat(agent.get("/api/botframework/bots.json").status()).isEqualTo(403);
        assertThat(agent.get("/api/botframework/bots/support/conversations.json").status()).isEqualTo(403);
        assertThat(admin().anonymous().get("/api/botframework/bots.json").status()).isEqualTo(401);
    }

    @Test
    void badRequestsGetA4xxWithAJsonErrorAndStoreNothing() throws Exception {
        String conversation = newConversation();
        ObjectNode valid = message(SUPPORT, conversation, "valid " + uid());
        String token = fake(SUPPORT).authorization(valid, Auth.VALID);

        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("malformed", "{\"type\":\"message\",");
        bodies.put("not an object", "[1, 2]");
        bodies.put("a string", "\"message\"");
        bodies.put("the literal null", "null");
        bodies.put("empty object", "{}");
        bodies.put("empty", "");
        bodies.put("wrong types", without(valid, "from").put("from", "29:1someone").toString());
        bodies.put("isGroup not a boolean", valid.deepCopy().set("conversation",
                DeskClient.JSON.createObjectNode().put("id", conversation).put("isGroup", "perhaps")).toString());
        bodies.put("no conversation", without(valid, "conversation").toString());
        bodies.put("no conversation id", valid.deepCopy().set("conversation",
                DeskClient.JSON.createObjectNode().put("name", "nameless")).toString());
        bodies.put("no activity id", without(valid, "id").toString());
        bodies.put("no sender", without(valid, "from").toString());
        bodies.put("no type", without(valid, "type").toString());
        bodies.put("attachments not a list", valid.deepCopy().put("attachments", "photo.png").toString());
        // past the columns that keep them: refused here, not accepted and dead-lettered later
        bodies.put("conversation id too long", valid.deepCopy().set("conversation",
                DeskClient.JSON.createObjectNode().put("id", conversation + "x".repeat(400))).toString());
        bodies.put("sender id too long", valid.deepCopy().set("from",
                DeskClient.JSON.createObjectNode().put("id", "29:" + "x".repeat(320))).toString());
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            HttpResponse<String> answer = post(endpoint(SUPPORT), "application/json",
                    body.getValue().getBytes(StandardCharsets.UTF_8), token);
            assertThat(answer.statusCode()).as(body.getKey() + ": " + answer.body()).isEqualTo(400);
            assertJsonError(body.getKey(), answer);
        }

        for (String type : List.of("application/x-www-form-urlencoded; charset=UTF-16", "text/plain", "*/*")) {
            HttpResponse<String> notJson = post(endpoint(SUPPORT), type, valid.toString().getBytes(StandardCharsets.UTF_8),
                    token);
            assertThat(notJson.statusCode()).as(type + ": " + notJson.body()).isEqualTo(415);
            assertJsonError(type, notJson);
        }

        HttpResponse<String> unknown = post(endpoint("nosuchbot"), "application/json",
                valid.toString().getBytes(StandardCharsets.UTF_8), token);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertJsonError("unknown bot", unknown);

        ObjectNode huge = valid.deepCopy().put("text", "x".repeat(MAX_BODY_KB * 1024 + 1));
        HttpResponse<String> tooLarge = post(endpoint(SUPPORT), "application/json",
                huge.toString().getBytes(StandardCharsets.UTF_8), fake(SUPPORT).authorization(huge, Auth.VALID));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertJsonError("too large", tooLarge);
        // streamed without a Content-Length (chunked): refused as well, once the limit is passed
        HttpResponse<String> chunked = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(URI.create(endpoint(SUPPORT))).header("Content-Type", "application/json")
                        .header("Authorization", fake(SUPPORT).authorization(huge, Auth.VALID))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() ->
                                new ByteArrayInputStream(huge.toString().getBytes(StandardCharsets.UTF_8))))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertJsonError("too large, chunked", chunked);
        ObjectNode justFits = valid.deepCopy().put("id", "fits-" + uid()).put("text", "");
        justFits.put("text", "y".repeat(MAX_BODY_KB * 1024 - justFits.toString().length()));
        assertThat(justFits.toString().getBytes(StandardCharsets.UTF_8)).hasSize(MAX_BODY_KB * 1024);

        assertThat(conversation(SUPPORT, conversation)).isEmpty();
        assertThat(cases(SUPPORT).stream().map(c -> c.get("subject").asText()))
                .noneMatch(s -> s.contains(valid.get("text").asText()));

        // and the valid activity itself, then one of exactly the largest size, are taken
        accepted(SUPPORT, valid);
        accepted(SUPPORT, justFits);
        long caseId = awaitCase(SUPPORT, conversation);
        await().atMost(PATIENCE).until(() -> contents(caseId), c -> c.size() == 2);
        assertThat(contents(caseId).get(0)).isEqualTo(valid.get("text").asText());
    }

    @Test
    void aHugeStreamedBodyIsRefusedWithoutBeingReadToTheEnd() {
        ObjectNode activity = message(SUPPORT, newConversation(), "huge");
        long size = 4L * 1024 * 1024 * 1024;
        AtomicLong sent = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return sent.incrementAndGet() > size ? -1 : 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = (int) Math.min(len, size - sent.get());
                if (n <= 0) {
                    return -1;
                }
                Arrays.fill(b, off, off + n, (byte) 'x');
                sent.addAndGet(n);
                return n;
            }
        };
        int status;
        try {
            status = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(HttpRequest
                    .newBuilder(URI.create(endpoint(SUPPORT))).header("Content-Type", "application/json")
                    .header("Authorization", fake(SUPPORT).authorization(activity, Auth.VALID))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException closedWhileSending) {
            // the server answered 413 and closed the connection while the client was still sending
            status = 413;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(status).isEqualTo(413);
        assertThat(sent.get()).as("bytes the server took before refusing").isLessThan(size / 4);
        accepted(SUPPORT, message(SUPPORT, newConversation(), "still answering"));
    }

    @Test
    void onlyThePathNamesTheBot() {
        String conversation = newConversation();
        ObjectNode activity = message(SUPPORT, conversation, "for support");
        String token = fake(SUPPORT).authorization(activity, Auth.VALID);
        // a query parameter or header named like the path's variable must not pick another bot
        HttpResponse<String> answer = post(endpoint(SUPPORT) + "?bot=" + IDLE, "application/json",
                activity.toString().getBytes(StandardCharsets.UTF_8), token);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        long caseId = awaitCase(SUPPORT, conversation);
        assertThat(deskCase(caseId).get("channel").asText()).isEqualTo("bf-support");
        assertThat(conversation(IDLE, conversation)).isEmpty();
    }

    @Test
    void onlyPostIsAnswered() {
        DeskClient.Answer get = admin().anonymous().get("/channels/botframework/support/messages");
        assertThat(get.status()).isBetween(400, 499);
    }

    @Test
    void anActivityTheBrokerCannotTakeIsAnswered503WithRetryAfterAndTheConnectorsNextTryIsStored()
            throws Exception {
        ActiveMQServer server = broker.getActiveMQServer();
        String conversation = newConversation();
        ObjectNode activity = message(SUPPORT, conversation, "refused by the broker, then taken");
        // the broker refuses every message for sb.inbound, as a full disk or store would; nothing else changes
        ActiveMQServerMessagePlugin refusing = new ActiveMQServerMessagePlugin() {
            @Override
            public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                    boolean noAutoCreateQueue) throws ActiveMQException {
                if (InboundIngest.QUEUE.equals(message.getAddress())) {
                    throw new ActiveMQException(ActiveMQExceptionType.GENERIC_EXCEPTION, "refused (test)");
                }
            }
        };
        server.registerBrokerPlugin(refusing);
        try {
            HttpResponse<String> refused = post(endpoint(SUPPORT), "application/json",
                    activity.toString().getBytes(StandardCharsets.UTF_8), fake(SUPPORT).authorization(activity, Auth.VALID));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                    seconds -> assertThat(Integer.parseInt(seconds)).isPositive());
            assertJsonError("broker refused", refused);
        } finally {
            server.unRegisterBrokerPlugin(refusing);
        }
        assertThat(conversation(SUPPORT, conversation)).isEmpty();

        // the Connector sends it again later
        accepted(SUPPORT, activity);
        long caseId = awaitCase(SUPPORT, conversation);
        assertThat(contents(caseId)).containsExactly("refused by the broker, then taken");
    }

    private static ObjectNode without(ObjectNode activity, String field) {
        ObjectNode copy = activity.deepCopy();
        copy.remove(field);
        return copy;
    }

    private static void assertJsonError(String what, HttpResponse<String> answer) throws Exception {
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what).contains("application/json");
        JsonNode error = DeskClient.JSON.readTree(answer.body());
        assertThat(error.path("error").asText()).as(what + ": " + answer.body()).isNotEmpty();
        assertThat(error.path("description").asText()).as(what).isNotEmpty();
    }
}
