package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;

/**
 * One application for every Bot Framework test class: H2 and embedded Artemis on a data directory
 * of its own, one fake Bot Connector per configured bot (so counters such as token requests, and
 * programmed answers such as a 429, belong to one test), unknown signing keys fetched at once,
 * the idle scan every second. Classes that add no configuration share this one start, so every
 * test makes its own conversations ({@link #newConversation}).
 *
 * <p>The bots: {@link #SUPPORT} for most tests, and one bot per test that watches a counter or
 * programs its Connector: {@link #TOKENS}, {@link #RENEWAL} (tokens of a few seconds),
 * {@link #REVOKE}, {@link #THROTTLE}, {@link #OUTAGE} and {@link #FILE_TOKENS} (their token
 * endpoints go away),
 * {@link #ROTATION}, {@link #IDLE} (chats end after 2 s of silence) and {@link #BUTTONS} (cases
 * start in a group a native bot serves).
 */
@TestPropertySource(properties = {
        "switchboard.chats.idle-scan-cron=* * * * * ?",
        // each pass of a request through Spring MVC publishes an event (BotFrameworkEndpointDispatchTest)
        "spring.mvc.publish-request-handled-events=true",
        "switchboard.botframework.unknown-key-refresh=0s",
        "switchboard.botframework.max-body-size=" + BotFrameworkAppTest.MAX_BODY_KB + "KB",
        "switchboard.botframework.bots.idle.idle-timeout=2s",
        "switchboard.botframework.bots.buttons.group=" + BotFrameworkAppTest.BUTTONS_GROUP})
abstract class BotFrameworkAppTest extends AppTest {

    static final String SUPPORT = "support";
    static final String TOKENS = "tokens";
    static final String RENEWAL = "renewal";
    static final String REVOKE = "revoke";
    static final String THROTTLE = "throttle";
    static final String ROTATION = "rotation";
    static final String IDLE = "idle";
    static final String BUTTONS = "buttons";
    static final String OUTAGE = "outage";
    static final String FILE_TOKENS = "filetokens";
    static final String BUTTONS_GROUP = "bf-buttons-bots";
    static final int MAX_BODY_KB = 64;
    /** Seconds the {@link #RENEWAL} bot's tokens live. */
    static final int SHORT_TOKEN_SECONDS = 2;

    static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final Path DATA = newDataDir();
    private static final Map<String, FakeBotConnector> FAKES = new LinkedHashMap<>();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static {
        int n = 0;
        for (String bot : List.of(SUPPORT, TOKENS, RENEWAL, REVOKE, THROTTLE, ROTATION, IDLE, BUTTONS, OUTAGE,
                FILE_TOKENS)) {
            n++;
            // the fakes live as long as the JVM, like the application context they are wired into
            FAKES.put(bot, FakeBotConnector.start(String.format("%08d-2222-3333-4444-555555555555", n),
                    "s3cr3t-" + bot + "~password"));
        }
        FAKES.get(RENEWAL).tokenLifetime(SHORT_TOKEN_SECONDS);
    }

    @DynamicPropertySource
    static void bots(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
        FAKES.forEach((name, fake) -> {
            String prefix = "switchboard.botframework.bots." + name + ".";
            registry.add(prefix + "app-id", fake::appId);
            registry.add(prefix + "app-password", fake::password);
            registry.add(prefix + "openid-metadata-url", fake::openIdMetadataUrl);
            registry.add(prefix + "token-url", fake::tokenUrl);
        });
    }

    static FakeBotConnector fake(String bot) {
        return FAKES.get(bot);
    }

    String endpoint(String bot) {
        return "http://127.0.0.1:" + port + "/channels/botframework/" + bot + "/messages";
    }

    static String uid() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** A 1:1 conversation id of its own, shaped like Skype's ({@code 29:...}). */
    static String newConversation() {
        return "29:1" + uid();
    }

    /** A group conversation id of its own, shaped like Skype's ({@code 19:...@thread.skype}). */
    static String newGroup() {
        return "19:" + uid() + "@thread.skype";
    }

    /** A user's message in a 1:1 conversation whose id is also the user's id (as on Skype). */
    static ObjectNode message(String bot, String conversation, String text) {
        return fake(bot).activity("message").from(conversation, "Customer " + conversation)
                .conversation(conversation).text(text).build();
    }

    /** A fixture moved into a conversation of its own, with an activity id of its own. */
    static ObjectNode fixture(String bot, String name, String conversation) {
        ObjectNode activity = fake(bot).fixture(name);
        ((ObjectNode) activity.get("conversation")).put("id", conversation);
        activity.put("id", "f:" + uid());
        return activity;
    }

    /** Sends with a valid token and expects the Connector's usual answer, 200. */
    void accepted(String bot, ObjectNode activity) {
        FakeBotConnector.Delivery answer = fake(bot).send(endpoint(bot), activity);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    // ---- what the desk shows -----------------------------------------------------------------

    /** Every conversation of the bot (GET /api/botframework/bots/<bot>/conversations.json, all pages). */
    List<JsonNode> conversations(String bot) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            DeskClient.Answer answer = admin().get("/api/botframework/bots/" + bot + "/conversations.json?page="
                    + page);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            List<JsonNode> items = items(answer.json(), "conversation");
            all.addAll(items);
            if (items.isEmpty() || all.size() >= answer.json().get("total_count").asLong()) {
                return all;
            }
        }
    }

    Optional<JsonNode> conversation(String bot, String conversationKey) {
        return conversations(bot).stream().filter(c -> c.get("conversation_key").asText().equals(conversationKey))
                .findFirst();
    }

    /** Waits for the conversation to have a case; answers the case id. */
    long awaitCase(String bot, String conversationKey) {
        return await().atMost(PATIENCE).until(() -> conversation(bot, conversationKey)
                .map(c -> c.get("case_id").asLong()).orElse(0L), id -> id != 0);
    }

    /** The cases of the bot's channel, running chats included (all pages). */
    List<JsonNode> cases(String bot) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            DeskClient.Answer answer = admin().get("/api/cases.json?channel=" + BotFrameworkBots.channelCode(bot)
                    + "&show_active_chats=true&page=" + page);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            List<JsonNode> items = items(answer.json(), "case");
            all.addAll(items);
            if (items.isEmpty() || all.size() >= answer.json().get("total_count").asLong()) {
                return all;
            }
        }
    }

    JsonNode deskCase(long caseId) {
        DeskClient.Answer answer = admin().get("/api/cases/" + caseId + ".json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("case");
    }

    List<JsonNode> messages(long caseId) {
        DeskClient.Answer answer = admin().get("/api/cases/" + caseId + "/messages.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return items(answer.json(), "message");
    }

    /** The contents of the case's messages, oldest first. */
    List<String> contents(long caseId) {
        return messages(caseId).stream().map(m -> m.get("content").asText()).toList();
    }

    List<JsonNode> chats(long caseId) {
        DeskClient.Answer answer = admin().get("/api/cases/" + caseId + "/chats.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return items(answer.json(), "chat");
    }

    /** A staff reply by the administrator; answers the message. */
    JsonNode staffReplies(long caseId, String content) {
        DeskClient.Answer answer = admin().post("/api/cases/" + caseId + "/messages.json",
                Map.of("message", Map.of("content", content)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message");
    }

    // ---- what reached the Connector ----------------------------------------------------------

    /** Activities POSTed into the conversation, answered any status, in arrival order. */
    static List<RecordedRequest> activitiesIn(String bot, String conversationId) {
        return fake(bot).activities().stream().filter(r -> conversationId.equals(r.conversationId())).toList();
    }

    /** The activities the Connector accepted in the conversation. */
    static List<RecordedRequest> deliveredIn(String bot, String conversationId) {
        return activitiesIn(bot, conversationId).stream().filter(RecordedRequest::succeeded).toList();
    }

    /** Waits for this many accepted activities in the conversation; answers them. */
    static List<RecordedRequest> awaitDelivered(String bot, String conversationId, int count) {
        return await().atMost(PATIENCE).until(() -> deliveredIn(bot, conversationId), d -> d.size() >= count);
    }

    static List<String> texts(List<RecordedRequest> activities) {
        return activities.stream().map(r -> r.json().path("text").asText(null)).toList();
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** The wrapped objects of an Omnidesk list ("0", "1", ... then total_count). */
    static List<JsonNode> items(JsonNode list, String wrapper) {
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; list.has(Integer.toString(i)); i++) {
            items.add(list.get(Integer.toString(i)).get(wrapper));
        }
        return items;
    }

    /** A plain GET (file links need no credentials). */
    static HttpResponse<byte[]> download(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A POST of any body to a messaging endpoint, with the given Authorization (or none). */
    static HttpResponse<String> post(String url, String contentType, byte[] body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
