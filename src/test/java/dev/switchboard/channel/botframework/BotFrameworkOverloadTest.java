package dev.switchboard.channel.botframework;

import static dev.switchboard.desk.api.ApiFixtures.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.switchboard.desk.ingest.InboundIngest;
import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;

/**
 * With {@code switchboard.botframework.max-in-flight-size} of activities on their way to the
 * broker, the next is answered 503 {@code overloaded} with Retry-After at once and nothing of it is stored;
 * the ones in flight are answered 200 and stored once the broker takes them, and the Connector's
 * next try of the refused one is stored. An activity the broker does not take within the async
 * request timeout is answered 503 as well, and stored once however often it is sent.
 */
@TestPropertySource(properties = {"switchboard.botframework.max-body-size=8KB",
        "switchboard.botframework.max-in-flight-size=16KB", "spring.mvc.async.request-timeout=4s"})
class BotFrameworkOverloadTest extends AppTest {

    /** Activities of about 7 KB each (an unknown field, which is ignored): two fill the room. */
    private static final String PADDING = "x".repeat(6000);
    private static final String BOT = "busy";
    /** Lives as long as the JVM, like the application context it is wired into. */
    private static final FakeBotConnector FAKE = FakeBotConnector.start("00000099-2222-3333-4444-555555555555",
            "s3cr3t-busy~password");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** An installation of its own, beside the other Bot Framework tests' one. */
    @DynamicPropertySource
    static void bot(DynamicPropertyRegistry registry) {
        Path data = newDataDir();
        registry.add("switchboard.data-dir", data::toString);
        String prefix = "switchboard.botframework.bots." + BOT + ".";
        registry.add(prefix + "app-id", FAKE::appId);
        registry.add(prefix + "app-password", FAKE::password);
        registry.add(prefix + "openid-metadata-url", FAKE::openIdMetadataUrl);
        registry.add(prefix + "token-url", FAKE::tokenUrl);
    }

    @Autowired
    private EmbeddedActiveMQ broker;

    @Autowired
    private MeterRegistry meters;

    @Test
    void anActivityBeyondTheLimitIsRefusedAtOnceAndTheOnesInFlightAreStored() throws Exception {
        String conversation = "29:1" + UUID.randomUUID().toString().substring(0, 12);
        CountDownLatch brokerBack = new CountDownLatch(1);
        ActiveMQServerMessagePlugin slowBroker = brokerWaitingFor(brokerBack);
        ObjectNode refusedActivity = padded(message(conversation, "refused"));
        CompletableFuture<HttpResponse<String>> first;
        CompletableFuture<HttpResponse<String>> second;
        HttpResponse<String> refused;
        try {
            first = CompletableFuture.supplyAsync(() -> post(padded(message(conversation, "first"))));
            second = CompletableFuture.supplyAsync(() -> post(padded(message(conversation, "second"))));
            await().until(() -> meters.get("switchboard.botframework.in.flight").gauge().value() == 2);

            refused = post(refusedActivity);

            assertThat(first).isNotDone();
            assertThat(second).isNotDone();
        } finally {
            brokerBack.countDown();
            broker.getActiveMQServer().unRegisterBrokerPlugin(slowBroker);
        }
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode error = DeskClient.JSON.readTree(refused.body());
        assertThat(error.get("error").asText()).isEqualTo("overloaded");
        assertThat(error.get("description").asText()).contains("nothing of this one was read or stored");
        assertThat(meters.get("switchboard.botframework.refused").counter().count()).isEqualTo(1);

        assertThat(first.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(second.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().until(() -> contents(conversation).size() == 2);
        assertThat(contents(conversation)).containsExactlyInAnyOrder("first", "second");
        await().until(() -> meters.get("switchboard.botframework.in.flight").gauge().value() == 0);

        // the Connector sends the refused one again: nothing of it was marked as seen
        assertThat(post(refusedActivity).statusCode()).isEqualTo(200);
        await().until(() -> contents(conversation).size() == 3);
        assertThat(contents(conversation)).endsWith("refused");
    }

    @Test
    void anActivityTheBrokerDoesNotTakeInTimeIsAnswered503AndStoredOnceHoweverOftenItComes() throws Exception {
        String conversation = "29:1" + UUID.randomUUID().toString().substring(0, 12);
        ObjectNode slow = message(conversation, "slow");
        CountDownLatch brokerBack = new CountDownLatch(1);
        ActiveMQServerMessagePlugin slowBroker = brokerWaitingFor(brokerBack);
        HttpResponse<String> late;
        try {
            late = post(slow);
        } finally {
            brokerBack.countDown();
            broker.getActiveMQServer().unRegisterBrokerPlugin(slowBroker);
        }
        assertThat(late.statusCode()).as(late.body()).isEqualTo(503);
        assertThat(late.headers().firstValue("Retry-After")).hasValue("5");
        JsonNode error = DeskClient.JSON.readTree(late.body());
        assertThat(error.get("error").asText()).isEqualTo("unavailable");
        assertThat(error.get("description").asText()).contains("send it again");
        // its route goes on once the broker is back, and may still store it
        await().until(() -> meters.get("switchboard.botframework.in.flight").gauge().value() == 0);

        // the Connector sends it again, then the customer writes on
        assertThat(post(slow).statusCode()).isEqualTo(200);
        assertThat(post(message(conversation, "after")).statusCode()).isEqualTo(200);
        await().until(() -> contents(conversation).contains("after"));
        assertThat(contents(conversation)).containsExactly("slow", "after");
    }

    /** The broker takes no message for sb.inbound until {@code back} is counted down: activities stay in flight. */
    private ActiveMQServerMessagePlugin brokerWaitingFor(CountDownLatch back) throws Exception {
        ActiveMQServerMessagePlugin waiting = new ActiveMQServerMessagePlugin() {
            @Override
            public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct,
                    boolean noAutoCreateQueue) {
                if (InboundIngest.QUEUE.equals(message.getAddress())) {
                    try {
                        back.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        broker.getActiveMQServer().registerBrokerPlugin(waiting);
        return waiting;
    }

    private static ObjectNode padded(ObjectNode activity) {
        activity.put("padding", PADDING);
        assertThat(activity.toString().length()).isBetween(16 * 1024 / 3 + 1, 8 * 1024);
        return activity;
    }

    private static ObjectNode message(String conversation, String text) {
        return FAKE.activity("message").from(conversation, "Customer").conversation(conversation).text(text).build();
    }

    private HttpResponse<String> post(ObjectNode activity) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/channels/botframework/"
                        + BOT + "/messages"))
                .header("Content-Type", "application/json")
                .header("Authorization", FAKE.authorization(activity, Auth.VALID))
                .POST(HttpRequest.BodyPublishers.ofString(activity.toString())).build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The contents of the conversation's case, oldest first (none before it has a case). */
    private List<String> contents(String conversationKey) {
        DeskClient api = admin();
        Optional<Long> caseId = items(api.get("/api/botframework/bots/" + BOT + "/conversations.json").json(),
                "conversation").stream()
                .filter(c -> c.get("conversation_key").asText().equals(conversationKey))
                .map(c -> c.path("case_id").asLong()).filter(id -> id != 0).findFirst();
        return caseId.map(id -> items(api.get("/api/cases/" + id + "/messages.json").json(), "message").stream()
                .map(m -> m.get("content").asText()).toList()).orElse(List.of());
    }
}
