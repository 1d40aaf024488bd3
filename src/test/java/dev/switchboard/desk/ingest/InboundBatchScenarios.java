package dev.switchboard.desk.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import dev.switchboard.support.Desk;
import dev.switchboard.support.DeskClient;

/**
 * A backlog on {@code sb.inbound} taken in batches (route {@code inbound-ingest}): each message
 * stored once and in its conversation's order, copies in the same batch dropped, messages that
 * can never be stored (unreadable, a 1:1 message without its sender) dead-lettered alone. Run
 * against each database by the classes implementing it.
 */
interface InboundBatchScenarios {

    Duration PATIENCE = Duration.ofSeconds(60);
    String ROUTE = "inbound-ingest";
    ObjectMapper JSON = new ObjectMapper();

    DeskClient api();

    @Test
    default void aBacklogOfManyConversationsIsStoredOnceEachAndInOrder(@Autowired CamelContext camel,
            @Autowired JmsTemplate jms) throws Exception {
        String channel = new Desk(api()).channel("http://127.0.0.1:9/unused", "json").get("channel_api_key").asText();
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> conversations = IntStream.range(0, 6).mapToObj(n -> "c" + n + "-" + run).toList();
        int messages = 12;
        String unreadable = "unreadable-" + run;
        String senderless = "senderless-" + run;

        camel.getRouteController().stopRoute(ROUTE);
        try {
            for (int m = 0; m < messages; m++) {
                for (String conversation : conversations) {
                    String inbound = inbound(channel, conversation, conversation + "-" + m, conversation + " m" + m);
                    onQueue(jms, channel + "|" + conversation, inbound);
                    onQueue(jms, channel + "|" + conversation, inbound);
                    if (m == 5 && conversation.equals(conversations.get(0))) {
                        onQueue(jms, channel + "|" + conversation, "[" + unreadable);
                        onQueue(jms, channel + "|" + conversation, JSON.writeValueAsString(Map.of("channel", channel,
                                "conversation", conversation, "external_id", senderless, "kind", "message",
                                "text", "who wrote this?")));
                    }
                }
            }
        } finally {
            camel.getRouteController().startRoute(ROUTE);
        }

        for (String conversation : conversations) {
            List<String> expected = IntStream.range(0, messages).mapToObj(m -> conversation + " m" + m).toList();
            List<String> stored = await().atMost(PATIENCE).until(() -> contentsOf(channel, conversation),
                    contents -> contents.size() >= messages);
            assertThat(stored).as(conversation).containsExactlyElementsOf(expected);
        }
        JsonNode dead = await().atMost(PATIENCE).until(() -> deadLetter(unreadable), Objects::nonNull);
        assertThat(dead.get("reason").asText()).startsWith("not an inbound message");
        JsonNode withoutSender = await().atMost(PATIENCE).until(() -> deadLetter(senderless), Objects::nonNull);
        assertThat(withoutSender.get("reason").asText()).endsWith("without its sender");
    }

    private String inbound(String channel, String conversation, String id, String text) throws Exception {
        return JSON.writeValueAsString(Map.of("channel", channel, "conversation", conversation, "external_id", id,
                "kind", "message", "text", text,
                "sender", Map.of("id", conversation, "name", "Customer " + conversation)));
    }

    private void onQueue(JmsTemplate jms, String group, String body) {
        jms.convertAndSend(InboundIngest.QUEUE, body, message -> {
            message.setStringProperty("JMSXGroupID", group);
            return message;
        });
    }

    /** The contents of the customer messages the conversation's customer wrote, oldest first. */
    private List<String> contentsOf(String channel, String conversation) {
        List<String> contents = new ArrayList<>();
        String cases = "/api/cases.json?channel=" + channel + "&show_active_chats=true&limit=100";
        for (JsonNode deskCase : items(api().get(cases).json(), "case")) {
            List<JsonNode> messages = items(api().get("/api/cases/" + deskCase.get("case_id").asLong()
                    + "/messages.json").json(), "message");
            messages.stream().map(m -> m.get("content").asText()).filter(c -> c.startsWith(conversation + " "))
                    .forEach(contents::add);
        }
        return contents;
    }

    private JsonNode deadLetter(String marker) {
        return StreamSupport.stream(api().get("/api/deliveries/dead.json?queue=" + InboundIngest.QUEUE + "&limit=100")
                .json().spliterator(), false).filter(JsonNode::isObject).map(item -> item.get("delivery"))
                .filter(d -> d != null && d.get("payload").toString().contains(marker)).findFirst().orElse(null);
    }

    private static List<JsonNode> items(JsonNode list, String wrapper) {
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; list.has(Integer.toString(i)); i++) {
            items.add(list.get(Integer.toString(i)).get(wrapper));
        }
        return items;
    }
}
