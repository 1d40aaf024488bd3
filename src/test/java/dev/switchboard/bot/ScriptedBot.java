package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.support.BotApiClient;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/**
 * A bot on the test receiver: its events as it received them (each delivery once), the bot API
 * with its token, and optional reactions — on an event, it acts through the bot API after it has
 * answered 200, the way a Webim bot does.
 */
final class ScriptedBot {

    final long id;
    final long staffId;
    final String token;
    final String secret;
    final String hook;
    final JsonNode created;
    private final WebhookReceiver peers;
    private final BotApiClient api;
    private final Map<String, Consumer<JsonNode>> reactions = new LinkedHashMap<>();
    private final ExecutorService reacting = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "scripted-bot");
        thread.setDaemon(true);
        return thread;
    });

    ScriptedBot(JsonNode created, String hook, WebhookReceiver peers, String base) {
        this.created = created;
        this.id = created.get("bot_id").asLong();
        this.staffId = created.get("staff_id").asLong();
        this.token = created.get("token").asText();
        this.secret = created.get("webhook_secret").asText();
        this.hook = hook;
        this.peers = peers;
        this.api = new BotApiClient(base, token);
    }

    /** From now on, on each {@code event} ("new_chat", "new_message") the bot does {@code reaction}. */
    ScriptedBot on(String event, Consumer<JsonNode> reaction) {
        synchronized (reactions) {
            reactions.put(event, reaction);
        }
        peers.behave(hook, (path, body, attempt) -> {
            JsonNode parsed = parse(body);
            Consumer<JsonNode> react;
            synchronized (reactions) {
                react = reactions.get(parsed.path("event").asText());
            }
            if (react != null) {
                reacting.submit(() -> react.accept(parsed));
            }
            return WebhookReceiver.Reply.of(200);
        });
        return this;
    }

    /** How the bot's webhook answers (a bot that is down, say); replaces any reactions. */
    ScriptedBot answering(WebhookReceiver.Behaviour behaviour) {
        peers.behave(hook, behaviour);
        return this;
    }

    /** Every attempt on the bot's webhook, answered or not. */
    List<WebhookReceiver.Hit> hits() {
        return peers.hits(hook);
    }

    /** The deliveries the bot acknowledged, each once (by X-Switchboard-Delivery), in arrival order. */
    List<WebhookReceiver.Hit> deliveries() {
        Set<String> seen = new HashSet<>();
        List<WebhookReceiver.Hit> once = new ArrayList<>();
        for (WebhookReceiver.Hit hit : peers.delivered(hook)) {
            if (seen.add(hit.header("X-Switchboard-Delivery"))) {
                once.add(hit);
            }
        }
        return once;
    }

    /** Waits for at least {@code count} deliveries; returns all so far. */
    List<WebhookReceiver.Hit> awaitDeliveries(int count) {
        await().atMost(BotDesk.PATIENCE).until(() -> deliveries().size() >= count);
        return deliveries();
    }

    List<JsonNode> events() {
        return deliveries().stream().map(Webhooks::json).toList();
    }

    /** Waits for at least {@code count} events; returns all so far. */
    List<JsonNode> awaitEvents(int count) {
        await().atMost(BotDesk.PATIENCE).until(() -> events().size() >= count);
        return events();
    }

    /** The {@code n}th event (from 1), once it has arrived. */
    JsonNode awaitEvent(int n) {
        return awaitEvents(n).get(n - 1);
    }

    DeskClient.Answer call(String method, Object body) {
        return api.call(method, body);
    }

    DeskClient.Answer say(long chatId, String text) {
        return ok(call("send_message", Map.of("chat_id", chatId, "message", Map.of("kind", "operator", "text", text))));
    }

    /** A keyboard: rows of "id=text" buttons. */
    DeskClient.Answer keyboard(long chatId, List<List<String>> rows) {
        List<List<Map<String, String>>> buttons = rows.stream().map(row -> row.stream().map(b -> {
            String[] idText = b.split("=", 2);
            return Map.of("id", idText[0], "text", idText[1]);
        }).toList()).toList();
        return ok(call("send_message", Map.of("chat_id", chatId, "message", Map.of("kind", "keyboard",
                "buttons", buttons))));
    }

    DeskClient.Answer file(long chatId, String url, String name, String mediaType) {
        return ok(call("send_message", Map.of("chat_id", chatId, "message", Map.of("kind", "file_operator",
                "data", Map.of("url", url, "name", name, "media_type", mediaType)))));
    }

    /** {@code redirect_chat} with {@code operator_id} / {@code dep_key} as given (none: the queue). */
    DeskClient.Answer redirect(long chatId, Map<String, Object> to) {
        Map<String, Object> body = new LinkedHashMap<>(to);
        body.put("chat_id", chatId);
        return ok(call("redirect_chat", body));
    }

    DeskClient.Answer close(long chatId) {
        return ok(call("close_chat", Map.of("chat_id", chatId)));
    }

    private static DeskClient.Answer ok(DeskClient.Answer answer) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("result").asText()).isEqualTo("ok");
        return answer;
    }

    private static JsonNode parse(String body) {
        try {
            return DeskClient.JSON.readTree(body);
        } catch (java.io.IOException e) {
            return DeskClient.JSON.createObjectNode();
        }
    }
}
