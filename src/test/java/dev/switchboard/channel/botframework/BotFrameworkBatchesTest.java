package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import dev.switchboard.desk.ingest.InboundIngest;

/**
 * The inbound consumers take batches off {@code sb.inbound} (route {@code inbound-ingest},
 * {@code jmsbatch:}): many messages share commits, each is stored once and in its conversation's
 * order, one that can never be stored is dead-lettered alone, and stopping the consumers mid-flow
 * loses and doubles nothing.
 */
class BotFrameworkBatchesTest extends BotFrameworkAppTest {

    private static final String ROUTE = "inbound-ingest";

    @Autowired
    CamelContext camel;

    @Autowired
    JmsTemplate jms;

    @Autowired
    MeterRegistry meters;

    @Test
    void aBacklogIsStoredInSharedCommitsOnceEachAndInOrderAroundMessagesThatCanNeverBeStored() throws Exception {
        List<String> conversations = IntStream.range(0, 8).mapToObj(n -> newConversation()).toList();
        List<String> texts = IntStream.range(0, 10).mapToObj(n -> "backlog " + n).toList();
        String poisoned = conversations.get(0);
        String group = BotFrameworkBots.channelCode(SUPPORT) + "|" + poisoned;
        String unreadable = "unreadable-" + uid();
        String channelless = "channelless-" + uid();
        DistributionSummary commits = meters.get("switchboard.commit.units").tag("work", "inbound").summary();
        long commitsBefore = commits.count();
        double unitsBefore = commits.totalAmount();

        camel.getRouteController().stopRoute(ROUTE);
        try {
            for (String conversation : conversations) {
                for (String text : texts) {
                    ObjectNode activity = message(SUPPORT, conversation, text);
                    accepted(SUPPORT, activity);
                    accepted(SUPPORT, activity);
                    if (conversation.equals(poisoned) && text.equals(texts.get(4))) {
                        // two messages in the conversation's group that no retry can store
                        onQueue(group, "{not json " + unreadable);
                        onQueue(group, "{\"channel\":\"bf-nowhere\",\"conversation\":\"" + poisoned
                                + "\",\"external_id\":\"" + channelless + "\",\"kind\":\"message\",\"text\":\"x\","
                                + "\"sender\":{\"id\":\"" + poisoned + "\",\"name\":\"Customer\"}}");
                    }
                }
            }
        } finally {
            camel.getRouteController().startRoute(ROUTE);
        }

        for (String conversation : conversations) {
            long caseId = awaitCase(SUPPORT, conversation);
            await().atMost(PATIENCE).until(() -> contents(caseId).size() >= texts.size());
            assertThat(contents(caseId)).as(conversation).containsExactlyElementsOf(texts);
        }
        List<JsonNode> dead = await().atMost(PATIENCE).until(() -> deadLetters(unreadable, channelless),
                found -> found.size() == 2);
        assertThat(dead).extracting(d -> d.get("reason").asText())
                .anySatisfy(reason -> assertThat(reason).startsWith("not an inbound message"))
                .anySatisfy(reason -> assertThat(reason).isEqualTo("no channel bf-nowhere"));
        long commitsMade = commits.count() - commitsBefore;
        double unitsCommitted = commits.totalAmount() - unitsBefore;
        // one message per JMS transaction would share a commit among the 4 consumers at most
        assertThat(unitsCommitted / commitsMade).as("%s units in %s commits", unitsCommitted, commitsMade)
                .isGreaterThan(4.0);
    }

    @Test
    void stoppingTheConsumersWhileMessagesArriveLosesAndDoublesNothing() throws Exception {
        List<String> conversations = IntStream.range(0, 6).mapToObj(n -> newConversation()).toList();
        List<String> texts = IntStream.range(0, 20).mapToObj(n -> "flowing " + n).toList();
        List<CompletableFuture<Void>> senders = conversations.stream().map(conversation -> CompletableFuture.runAsync(
                () -> texts.forEach(text -> accepted(SUPPORT, message(SUPPORT, conversation, text))))).toList();

        for (int restart = 0; restart < 3; restart++) {
            long storedBefore = storedOf(conversations);
            // each time some messages were taken since the last start, so a batch may be in flight
            await().atMost(PATIENCE).until(() -> storedOf(conversations) > storedBefore
                    || senders.stream().allMatch(CompletableFuture::isDone));
            camel.getRouteController().stopRoute(ROUTE);
            camel.getRouteController().startRoute(ROUTE);
        }
        for (CompletableFuture<Void> sender : senders) {
            sender.get(60, TimeUnit.SECONDS);
        }

        for (String conversation : conversations) {
            long caseId = awaitCase(SUPPORT, conversation);
            await().atMost(PATIENCE).until(() -> contents(caseId).size() >= texts.size());
            assertThat(contents(caseId)).as(conversation).containsExactlyElementsOf(texts);
        }
    }

    @Test
    void aRouteWrittenBeforeBatchesStillStoresOneMessageAtATime() throws Exception {
        // a routes/ directory of an earlier version: a plain jms: consumer calling inboundIngest.accept
        String conversation = newConversation();
        String queue = "sb.inbound.before-batches";
        camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + queue).routeId("inbound-before-batches").bean("inboundIngest", "accept");
            }
        });
        try {
            String group = BotFrameworkBots.channelCode(SUPPORT) + "|" + conversation;
            for (String text : List.of("first", "second")) {
                jms.convertAndSend(queue, "{\"channel\":\"" + BotFrameworkBots.channelCode(SUPPORT)
                        + "\",\"conversation\":\"" + conversation + "\",\"external_id\":\"" + uid()
                        + "\",\"kind\":\"message\",\"text\":\"" + text + "\",\"sender\":{\"id\":\""
                        + conversation + "\",\"name\":\"Customer\"}}", message -> {
                            message.setStringProperty("JMSXGroupID", group);
                            return message;
                        });
            }

            long caseId = awaitCase(SUPPORT, conversation);
            await().atMost(PATIENCE).until(() -> contents(caseId).size() >= 2);
            assertThat(contents(caseId)).containsExactly("first", "second");
        } finally {
            camel.getRouteController().stopRoute("inbound-before-batches");
            camel.removeRoute("inbound-before-batches");
        }
    }

    private void onQueue(String group, String body) {
        jms.convertAndSend(InboundIngest.QUEUE, body, message -> {
            message.setStringProperty("JMSXGroupID", group);
            return message;
        });
    }

    /** Messages stored so far in the conversations' cases. */
    private long storedOf(List<String> conversations) {
        return conversations.stream().map(c -> conversation(SUPPORT, c)).flatMap(java.util.Optional::stream)
                .filter(c -> c.hasNonNull("case_id") && c.get("case_id").asLong() != 0)
                .mapToLong(c -> messages(c.get("case_id").asLong()).size()).sum();
    }

    /** The inbound dead letters whose payload contains one of the markers. */
    private List<JsonNode> deadLetters(String... markers) {
        List<JsonNode> found = new ArrayList<>();
        StreamSupport.stream(admin().get("/api/deliveries/dead.json?queue=" + InboundIngest.QUEUE + "&limit=100")
                .json().spliterator(), false).filter(JsonNode::isObject).map(item -> item.get("delivery"))
                .filter(Objects::nonNull)
                .filter(d -> List.of(markers).stream().anyMatch(m -> d.get("payload").toString().contains(m)))
                .forEach(found::add);
        return found;
    }
}
