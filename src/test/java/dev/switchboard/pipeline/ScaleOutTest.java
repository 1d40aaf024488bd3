package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
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

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.Desk;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.ExternalBroker;
import dev.switchboard.support.Postgres;
import dev.switchboard.support.TestApp;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.WebhookReceiver.Hit;
import dev.switchboard.support.WebhookReceiver.Reply;
import dev.switchboard.support.Webhooks;

/**
 * The scale-out setup: two nodes on one PostgreSQL database and one external Artemis broker
 * (configured from docker/artemis/broker.xml). Replies to the same cases are written through
 * both nodes at once while the receiver fails now and then, and one node stops midway: every
 * reply arrives exactly once, in order per case.
 */
class ScaleOutTest {

    @Test
    void twoNodesDeliverEveryReplyOnceAndInOrderPerCaseEvenWhenOneStops() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver();
                ExternalBroker broker = new ExternalBroker(AppTest.newDataDir())) {
            String database = Postgres.newDatabase();
            TestApp nodeA = TestApp.start(node(database, broker), "postgres");
            TestApp nodeB = TestApp.start(node(database, broker), "postgres");
            try {
                String path = receiver.newPath();
                receiver.behave(path, (p, body, attempt) ->
                        Reply.of(ThreadLocalRandom.current().nextInt(5) == 0 ? 503 : 200));
                Desk desk = new Desk(nodeA.admin());
                JsonNode channel = desk.channel(receiver.url(path), "json");
                List<Long> cases = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    cases.add(desk.customerCase(channel.get("channel_api_key").asText(), "u-scale-" + i, "hi")
                            .get("case_id").asLong());
                }
                List<DeskClient> nodes = List.of(nodeA.admin(), nodeB.admin());
                Set<Long> sent = ConcurrentHashMap.newKeySet();
                ExecutorService writers = Executors.newFixedThreadPool(8);
                List<Future<Long>> replies = new ArrayList<>();
                for (int r = 0; r < 6; r++) {
                    for (int c = 0; c < cases.size(); c++) {
                        DeskClient node = nodes.get((r + c) % 2);
                        long caseId = cases.get(c);
                        String text = "reply " + r;
                        replies.add(writers.submit(() -> new Desk(node).reply(caseId, text)));
                    }
                }
                for (Future<Long> reply : replies) {
                    sent.add(reply.get());
                }
                writers.shutdown();
                // node A goes away with work in flight; node B carries on
                nodeA.close();

                await().atMost(Duration.ofSeconds(60)).until(() -> receiver.delivered(path).stream()
                        .map(Webhooks::messageId).collect(Collectors.toSet()).containsAll(sent));
                Map<String, Long> copiesPerDelivery = receiver.delivered(path).stream().collect(
                        Collectors.groupingBy(h -> h.header("X-Switchboard-Delivery"), Collectors.counting()));
                assertThat(copiesPerDelivery).hasSize(sent.size());
                Map<Long, List<Long>> perCase = new LinkedHashMap<>();
                for (Hit hit : receiver.delivered(path)) {
                    JsonNode object = Webhooks.json(hit).get("object");
                    perCase.computeIfAbsent(object.get("case_id").asLong(), k -> new ArrayList<>())
                            .add(object.get("message_id").asLong());
                }
                perCase.forEach((caseId, ids) -> {
                    List<Long> sorted = new ArrayList<>(ids);
                    Collections.sort(sorted);
                    assertThat(ids).as("case %s", caseId).doesNotHaveDuplicates().isEqualTo(sorted);
                });
            } finally {
                nodeA.close();
                nodeB.close();
            }
        }
    }

    private static Map<String, String> node(String database, ExternalBroker broker) {
        Map<String, String> properties = new HashMap<>();
        properties.put("switchboard.data-dir", AppTest.newDataDir().toString());
        properties.put("spring.datasource.url", database);
        properties.put("spring.datasource.username", Postgres.user());
        properties.put("spring.datasource.password", "");
        properties.put("spring.artemis.mode", "native");
        properties.put("spring.artemis.embedded.enabled", "false");
        properties.put("spring.artemis.broker-url", broker.url());
        return properties;
    }
}
