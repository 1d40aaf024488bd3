package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.Desk;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.WebhookReceiver.Hit;
import dev.switchboard.support.WebhookReceiver.Reply;
import dev.switchboard.support.Webhooks;

/**
 * Deliveries to a custom channel's webhook: shape, signature, retries, dead letters, order.
 * Run against each database setup by the classes implementing it.
 */
interface DeliveryScenarios {

    WebhookReceiver RECEIVER = new WebhookReceiver();
    Duration PATIENCE = Duration.ofSeconds(30);

    DeskClient api();


    @Test
    default void staffReplyArrivesAsSignedSeed004Json() {
        String path = RECEIVER.newPath();
        JsonNode channel = desk().channel(RECEIVER.url(path), "json");
        JsonNode deskCase = desk().customerCase(channel.get("channel_api_key").asText(), "my_u_id123456", "Hello");
        long messageId = desk().reply(deskCase.get("case_id").asLong(), "Ok!");

        Hit hit = await().atMost(PATIENCE).until(() -> RECEIVER.delivered(path), list -> !list.isEmpty()).get(0);

        assertThat(hit.header("Content-Type")).startsWith("application/json");
        JsonNode body = Webhooks.json(hit);
        assertThat(body.get("type").asText()).isEqualTo("message_new");
        JsonNode object = body.get("object");
        assertThat(object.get("message_id").asLong()).isEqualTo(messageId);
        assertThat(object.get("case_id").asLong()).isEqualTo(deskCase.get("case_id").asLong());
        assertThat(object.get("user_id").asLong()).isEqualTo(deskCase.get("user_id").asLong());
        assertThat(object.get("staff_id").asLong()).isPositive();
        assertThat(object.get("custom_user_id").asText()).isEqualTo("my_u_id123456");
        assertThat(object.get("content").asText()).isEqualTo("Ok!");
        assertThat(object.get("note").asInt()).isZero();
        assertThat(object.get("sent_via_rule").asInt()).isZero();
        assertThat(object.get("created_at").asText()).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");

        String timestamp = hit.header("X-Switchboard-Timestamp");
        assertThat(Long.parseLong(timestamp)).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(60L));
        assertThat(hit.header("X-Switchboard-Delivery")).matches("[0-9a-f-]{36}");
        assertThat(hit.header("X-Switchboard-Signature"))
                .isEqualTo(Webhooks.expectedSignature(channel.get("webhook_secret").asText(), timestamp, hit.body()));
    }

    @Test
    default void formChannelGetsPhpStyleFormFieldsSignedOverTheRawBody() {
        String path = RECEIVER.newPath();
        JsonNode channel = desk().channel(RECEIVER.url(path), "form");
        JsonNode deskCase = desk().customerCase(channel.get("channel_api_key").asText(), "tg-42", "Привет");
        long messageId = desk().reply(deskCase.get("case_id").asLong(), "Здравствуйте & welcome");

        Hit hit = await().atMost(PATIENCE).until(() -> RECEIVER.delivered(path), list -> !list.isEmpty()).get(0);

        assertThat(hit.header("Content-Type")).startsWith("application/x-www-form-urlencoded");
        Map<String, String> fields = form(hit.body());
        assertThat(fields).containsEntry("type", "message_new")
                .containsEntry("object[message_id]", Long.toString(messageId))
                .containsEntry("object[custom_user_id]", "tg-42")
                .containsEntry("object[content]", "Здравствуйте & welcome")
                .containsEntry("object[note]", "0");
        assertThat(hit.header("X-Switchboard-Signature")).isEqualTo(Webhooks.expectedSignature(
                channel.get("webhook_secret").asText(), hit.header("X-Switchboard-Timestamp"), hit.body()));
    }

    @Test
    default void notesAreDeliveredFlaggedAndTheCustomersOwnMessagesAreNot() {
        String path = RECEIVER.newPath();
        JsonNode channel = desk().channel(RECEIVER.url(path), "json");
        long caseId = desk().customerCase(channel.get("channel_api_key").asText(), "u-notes", "first").get("case_id").asLong();
        long userId = api().get("/api/cases/" + caseId + ".json").json().get("case").get("user_id").asLong();
        assertThat(api().post("/api/cases/" + caseId + "/messages.json",
                Map.of("message", Map.of("content", "customer again", "user_id", userId))).status()).isEqualTo(201);
        long note = desk().note(caseId, "internal");
        long reply = desk().reply(caseId, "public");

        await().atMost(PATIENCE).until(() -> RECEIVER.delivered(path).size() >= 2);
        List<JsonNode> objects = RECEIVER.delivered(path).stream().map(h -> Webhooks.json(h).get("object")).toList();
        assertThat(objects).extracting(o -> o.get("message_id").asLong()).containsExactly(note, reply);
        assertThat(objects.get(0).get("note").asInt()).isEqualTo(1);
        assertThat(objects.get(1).get("note").asInt()).isZero();
    }

    @Test
    default void aReceiverFailingSeveralTimesGetsEveryMessageOnceAndInOrder() {
        String path = RECEIVER.newPath();
        RECEIVER.behave(path, (p, body, attempt) -> Reply.of(attempt <= 4 ? 503 : 200));
        JsonNode channel = desk().channel(RECEIVER.url(path), "json");
        long caseId = desk().customerCase(channel.get("channel_api_key").asText(), "u-flaky", "hi").get("case_id").asLong();
        List<Long> sent = List.of(desk().reply(caseId, "one"), desk().reply(caseId, "two"), desk().reply(caseId, "three"));

        await().atMost(PATIENCE).until(() -> RECEIVER.delivered(path).size() >= 3);
        List<Hit> delivered = RECEIVER.delivered(path);
        assertThat(delivered).extracting(Webhooks::messageId).containsExactlyElementsOf(sent);
        // every attempt of one delivery carries the same delivery id
        Map<Long, Set<String>> idsPerMessage = RECEIVER.hits(path).stream().collect(Collectors.groupingBy(
                Webhooks::messageId, Collectors.mapping(h -> h.header("X-Switchboard-Delivery"), Collectors.toSet())));
        assertThat(idsPerMessage.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
        assertThat(RECEIVER.hits(path).size()).isGreaterThan(4);
    }

    @Test
    default void retryAfterOfA429IsHonoured() {
        String path = RECEIVER.newPath();
        RECEIVER.behave(path, (p, body, attempt) -> attempt == 1
                ? new Reply(429, Map.of("Retry-After", "2")) : Reply.of(200));
        JsonNode channel = desk().channel(RECEIVER.url(path), "json");
        long caseId = desk().customerCase(channel.get("channel_api_key").asText(), "u-429", "hi").get("case_id").asLong();
        desk().reply(caseId, "slow down");

        await().atMost(PATIENCE).until(() -> RECEIVER.delivered(path).size() == 1);
        List<Hit> hits = RECEIVER.hits(path);
        assertThat(hits).hasSize(2);
        // the receiver asked for 2 s; the first retry (100 ms by configuration) must have waited for it
        assertThat(Duration.ofNanos(hits.get(1).receivedAtNanos() - hits.get(0).receivedAtNanos()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    default void aReceiverDownPastTheBudgetDeadLettersThenReplayDelivers() {
        String path = RECEIVER.newPath();
        Set<String> down = ConcurrentHashMap.newKeySet();
        down.add("yes");
        RECEIVER.behave(path, (p, body, attempt) -> Reply.of(down.isEmpty() || !body.contains("doomed") ? 200 : 500));
        JsonNode channel = desk().channel(RECEIVER.url(path), "json");
        long caseId = desk().customerCase(channel.get("channel_api_key").asText(), "u-dead", "hi").get("case_id").asLong();
        long doomed = desk().reply(caseId, "doomed");
        long after = desk().reply(caseId, "after");

        JsonNode dead = await().atMost(PATIENCE).until(() -> deadLetterOf(doomed), java.util.Objects::nonNull);
        assertThat(dead.get("case_id").asLong()).isEqualTo(caseId);
        assertThat(dead.get("queue").asText()).isEqualTo("sb.outbound.custom-channel");
        assertThat(dead.get("reason").asText()).contains("HTTP 500");
        assertThat(dead.get("attempts").asInt()).isGreaterThan(1);

        // the later message waited behind the failing one and went on once it was given up
        await().atMost(PATIENCE).until(() -> RECEIVER.delivered(path).size() == 1);
        assertThat(Webhooks.messageId(RECEIVER.delivered(path).get(0))).isEqualTo(after);
        long lastDoomedAttempt = RECEIVER.hits(path).stream().filter(h -> Webhooks.messageId(h) == doomed)
                .mapToLong(Hit::receivedAtNanos).max().orElseThrow();
        assertThat(RECEIVER.delivered(path).get(0).receivedAtNanos()).isGreaterThan(lastDoomedAttempt);

        down.clear();
        DeskClient.Answer replay = api().post("/api/deliveries/dead/" + dead.get("delivery_id").asText()
                + "/replay.json", Map.of());
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> RECEIVER.delivered(path).size() == 2);
        Hit replayed = RECEIVER.delivered(path).get(1);
        assertThat(Webhooks.messageId(replayed)).isEqualTo(doomed);
        assertThat(replayed.header("X-Switchboard-Delivery")).isEqualTo(dead.get("delivery_id").asText());
        assertThat(deadLetterOf(doomed)).isNull();
        assertThat(api().post("/api/deliveries/dead/" + dead.get("delivery_id").asText() + "/replay.json", Map.of())
                .status()).isEqualTo(404);
    }

    @Test
    default void aFailingCaseDoesNotHoldUpOtherCases() {
        String failingPath = RECEIVER.newPath();
        RECEIVER.behave(failingPath, (p, body, attempt) -> Reply.of(503));
        String healthyPath = RECEIVER.newPath();
        JsonNode failing = desk().channel(RECEIVER.url(failingPath), "json");
        JsonNode healthy = desk().channel(RECEIVER.url(healthyPath), "json");
        long failingCase = desk().customerCase(failing.get("channel_api_key").asText(), "u-a", "a").get("case_id").asLong();
        long healthyCase = desk().customerCase(healthy.get("channel_api_key").asText(), "u-b", "b").get("case_id").asLong();
        desk().reply(failingCase, "held");
        desk().reply(failingCase, "held too");
        List<Long> healthyReplies = List.of(desk().reply(healthyCase, "1"), desk().reply(healthyCase, "2"));

        await().atMost(PATIENCE).until(() -> RECEIVER.delivered(healthyPath).size() == 2);
        assertThat(RECEIVER.delivered(healthyPath)).extracting(Webhooks::messageId).containsExactlyElementsOf(healthyReplies);
        assertThat(RECEIVER.delivered(failingPath)).isEmpty();
        // the failing case's second message is parked behind its first, never attempted ahead of it
        assertThat(RECEIVER.hits(failingPath)).extracting(Webhooks::json)
                .allSatisfy(body -> assertThat(body.get("object").get("content").asText()).isEqualTo("held"));
    }

    @Test
    default void orderPerCaseHoldsWithConcurrentRepliesAndAFlakyReceiver() throws Exception {
        String path = RECEIVER.newPath();
        // one attempt in four fails, at random: retries happen all over the place
        RECEIVER.behave(path, (p, body, attempt) -> Reply.of(ThreadLocalRandom.current().nextInt(4) == 0 ? 503 : 200));
        JsonNode channel = desk().channel(RECEIVER.url(path), "json");
        String code = channel.get("channel_api_key").asText();
        int cases = 12;
        int repliesPerCase = 6;
        List<Long> caseIds = new ArrayList<>();
        for (int i = 0; i < cases; i++) {
            caseIds.add(desk().customerCase(code, "u-order-" + i, "hi").get("case_id").asLong());
        }
        ExecutorService writers = Executors.newFixedThreadPool(8);
        List<Future<Long>> replies = new ArrayList<>();
        for (int r = 0; r < repliesPerCase; r++) {
            for (long caseId : caseIds) {
                // replies of one case are written concurrently too: their order is the order the desk stored them
                String text = "reply " + r;
                replies.add(writers.submit(() -> desk().reply(caseId, text)));
            }
        }
        Set<Long> sent = ConcurrentHashMap.newKeySet();
        for (Future<Long> reply : replies) {
            sent.add(reply.get());
        }
        writers.shutdown();

        await().atMost(Duration.ofSeconds(60)).until(() -> RECEIVER.delivered(path).stream()
                .map(Webhooks::messageId).collect(Collectors.toSet()).containsAll(sent));
        Map<Long, List<Long>> perCase = new LinkedHashMap<>();
        for (Hit hit : RECEIVER.delivered(path)) {
            JsonNode object = Webhooks.json(hit).get("object");
            perCase.computeIfAbsent(object.get("case_id").asLong(), c -> new ArrayList<>())
                    .add(object.get("message_id").asLong());
        }
        assertThat(perCase).hasSize(cases);
        perCase.forEach((caseId, ids) -> {
            List<Long> sorted = new ArrayList<>(ids);
            Collections.sort(sorted);
            assertThat(ids).as("case %s", caseId).hasSize(repliesPerCase).doesNotHaveDuplicates().isEqualTo(sorted);
        });
    }

    @Test
    default void aDeactivatedChannelsWaitingDeliveryIsDeadLetteredNotLost() {
        String path = RECEIVER.newPath();
        RECEIVER.behave(path, (p, body, attempt) -> Reply.of(502));
        JsonNode channel = desk().channel(RECEIVER.url(path), "json");
        long caseId = desk().customerCase(channel.get("channel_api_key").asText(), "u-off", "hi").get("case_id").asLong();
        long message = desk().reply(caseId, "to nowhere");
        await().atMost(PATIENCE).until(() -> !RECEIVER.hits(path).isEmpty());

        assertThat(api().put("/api/custom_channels/" + channel.get("channel_id").asLong() + ".json",
                Map.of("custom_channel", Map.of("active", false))).status()).isEqualTo(200);

        JsonNode dead = await().atMost(PATIENCE).until(() -> deadLetterOf(message), java.util.Objects::nonNull);
        assertThat(dead.get("reason").asText()).contains("deactivated");
    }

    @Test
    default void aReceiverThatDoesNotAnswerIsHeldWhileOtherReceiversFlow() {
        String hangingPath = RECEIVER.newPath();
        RECEIVER.behave(hangingPath, (p, body, attempt) -> Reply.after(5_000, 200));
        String healthyPath = RECEIVER.newPath();
        JsonNode hanging = desk().channel(RECEIVER.url(hangingPath), "json");
        JsonNode healthy = desk().channel(RECEIVER.url(healthyPath), "json");
        List<Long> hangingCases = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            hangingCases.add(desk().customerCase(hanging.get("channel_api_key").asText(), "u-hang-" + i, "hi")
                    .get("case_id").asLong());
        }
        long healthyCase = desk().customerCase(healthy.get("channel_api_key").asText(), "u-ok", "hi").get("case_id").asLong();
        hangingCases.forEach(caseId -> desk().reply(caseId, "into the void"));
        List<Long> healthyReplies = List.of(desk().reply(healthyCase, "1"), desk().reply(healthyCase, "2"));

        await().atMost(PATIENCE).until(() -> RECEIVER.delivered(healthyPath).size() == 2);
        assertThat(RECEIVER.delivered(healthyPath)).extracting(Webhooks::messageId).containsExactlyElementsOf(healthyReplies);
        // once the receiver stopped answering it was held: its other deliveries parked without an attempt each
        assertThat(RECEIVER.hits(hangingPath).size()).isLessThan(hangingCases.size());
        await().atMost(PATIENCE).until(() -> api().get("/api/deliveries/waiting.json?limit=100").json()
                .get("total_count").asInt() >= hangingCases.size() - RECEIVER.hits(hangingPath).size());
    }

    @Test
    default void anAbsurdRetryAfterCannotHoldACaseBeyondItsBudget() {
        String path = RECEIVER.newPath();
        RECEIVER.behave(path, (p, body, attempt) -> new Reply(503, Map.of("Retry-After", "10000000000000000")));
        JsonNode channel = desk().channel(RECEIVER.url(path), "json");
        long caseId = desk().customerCase(channel.get("channel_api_key").asText(), "u-absurd", "hi").get("case_id").asLong();
        long message = desk().reply(caseId, "patience");

        JsonNode dead = await().atMost(PATIENCE).until(() -> deadLetterOf(message), java.util.Objects::nonNull);
        assertThat(dead.get("reason").asText()).contains("HTTP 503");
        // one attempt when sent, one when the (5 s) budget ran out: never a burst of redeliveries
        assertThat(RECEIVER.hits(path)).hasSize(2);
    }

    @Test
    default void deliveriesWaitingBehindAFailingOneDoNotEachGetAFreshBudget() {
        String path = RECEIVER.newPath();
        RECEIVER.behave(path, (p, body, attempt) -> Reply.of(500));
        JsonNode channel = desk().channel(RECEIVER.url(path), "json");
        long caseId = desk().customerCase(channel.get("channel_api_key").asText(), "u-budget", "hi").get("case_id").asLong();
        List<Long> messages = List.of(desk().reply(caseId, "a"), desk().reply(caseId, "b"), desk().reply(caseId, "c"));

        await().atMost(PATIENCE).until(() -> messages.stream().allMatch(m -> deadLetterOf(m) != null));
        // the later ones waited out their budget behind the first: one last attempt each, then given up
        assertThat(deadLetterOf(messages.get(1)).get("attempts").asInt()).isEqualTo(1);
        assertThat(deadLetterOf(messages.get(2)).get("attempts").asInt()).isEqualTo(1);
    }

    private Desk desk() {
        return new Desk(api());
    }

    private JsonNode deadLetterOf(long messageId) {
        JsonNode list = api().get("/api/deliveries/dead.json?queue=sb.outbound.custom-channel").json();
        return StreamSupport.stream(list.spliterator(), false)
                .filter(JsonNode::isObject)
                .map(item -> item.get("delivery"))
                .filter(d -> d.get("payload").get("message_id").asLong() == messageId)
                .findFirst().orElse(null);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            String[] kv = pair.split("=", 2);
            fields.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(kv.length > 1 ? kv[1] : "", StandardCharsets.UTF_8));
        }
        return fields;
    }
}
