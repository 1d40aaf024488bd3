package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.Webhooks;

/**
 * What the bot tests set up through the desk API — groups with keys, sync and async custom
 * channels routed to a group, people, bots, customers writing — each step asserted. Every test
 * makes its own, since the application is shared.
 */
final class BotDesk {

    static final Duration PATIENCE = Duration.ofSeconds(30);

    record Group(long id, String key) {
    }

    /** A custom channel and the path of its webhook on the test receiver. */
    record Channel(String code, String hook) {
    }

    record Person(long id, String email, String apiKey) {
    }

    /** A customer's case on a channel; {@code assignedAtStart}: its staff_id in the answer that created it. */
    record Chat(long caseId, long userId, Channel channel, long assignedAtStart) {
    }

    private final DeskClient admin;
    private final WebhookReceiver peers;

    BotDesk(DeskClient admin, WebhookReceiver peers) {
        this.admin = admin;
        this.peers = peers;
    }

    static String uid() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    Group group() {
        String key = "g-" + uid();
        DeskClient.Answer answer = admin.post("/api/groups.json", Map.of("group", Map.of("group_title", "Group " + key,
                "group_key", key)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return new Group(answer.json().get("group").get("group_id").asLong(), key);
    }

    /** A sync (chat) custom channel whose new cases start in {@code group}. */
    Channel channel(Group group) {
        return channel("sync", group);
    }

    Channel channel(String type, Group group) {
        String hook = peers.newPath();
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("title", "Channel " + uid(), "channel_type", type,
                "webhook_url", peers.url(hook)));
        if (group != null) {
            fields.put("group_id", group.id());
        }
        DeskClient.Answer answer = admin.post("/api/custom_channels.json", Map.of("custom_channel", fields));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return new Channel(answer.json().get("custom_channel").get("channel_api_key").asText(), hook);
    }

    /** A person (not a bot), online, in the group. */
    Person person(Group group) {
        String email = "person-" + uid() + "@test.local";
        DeskClient.Answer answer = admin.post("/api/staff.json", Map.of("staff", Map.of("staff_email", email,
                "staff_full_name", "Person " + email, "status", "online", "group_ids", List.of(group.id()))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode staff = answer.json().get("staff");
        return new Person(staff.get("staff_id").asLong(), email, staff.get("api_key").asText());
    }

    /** An online bot serving the groups. */
    ScriptedBot bot(Group... groups) {
        return bot(Map.of("group_ids", List.of(groups).stream().map(Group::id).toList()));
    }

    /** A bot with these fields (title and webhook_url default to a fresh one on the test receiver). */
    ScriptedBot bot(Map<String, Object> fields) {
        String hook = peers.newPath();
        Map<String, Object> bot = new LinkedHashMap<>(Map.of("title", "Bot " + uid(), "webhook_url", peers.url(hook)));
        bot.putAll(fields);
        DeskClient.Answer answer = admin.post("/api/bots.json", Map.of("bot", bot));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return new ScriptedBot(answer.json().get("bot"), hook, peers, admin.base());
    }

    /** A new customer of the channel opens a case with its first message. */
    Chat customerWrites(Channel channel, String text) {
        return customerWrites(channel, text, Map.of());
    }

    Chat customerWrites(Channel channel, String text, Map<String, Object> extra) {
        Map<String, Object> fields = new LinkedHashMap<>(Map.of("user_custom_id", "customer-" + uid(),
                "channel", channel.code(), "user_full_name", "Customer", "content", text));
        fields.putAll(extra);
        DeskClient.Answer answer = admin.post("/api/cases.json", Map.of("case", fields));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode created = answer.json().get("case");
        return new Chat(created.get("case_id").asLong(), created.get("user_id").asLong(), channel,
                created.get("staff_id").asLong());
    }

    /** The customer writes again; returns the message id. */
    long write(Chat chat, String text) {
        DeskClient.Answer answer = admin.post("/api/cases/" + chat.caseId() + "/messages.json",
                Map.of("message", Map.of("content", text, "user_id", chat.userId())));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message").get("message_id").asLong();
    }

    JsonNode kase(long caseId) {
        DeskClient.Answer answer = admin.get("/api/cases/" + caseId + ".json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().get("case");
    }

    long assignee(Chat chat) {
        return kase(chat.caseId()).get("staff_id").asLong();
    }

    /** The case's messages, oldest first. */
    List<JsonNode> messages(long caseId) {
        DeskClient.Answer answer = admin.get("/api/cases/" + caseId + "/messages.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return items(answer.json(), "message");
    }

    /** The case ids of the running chats of a staff member. */
    List<Long> runningChatsOf(long staffId) {
        return runningChats("staff_id=" + staffId);
    }

    /** The case ids of the running chats matching a query ({@code staff_id=0&group_id=7}). */
    List<Long> runningChats(String query) {
        DeskClient.Answer answer = admin.get("/api/chats.json?" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return items(answer.json(), "chat").stream().map(c -> c.get("case_id").asLong()).toList();
    }

    /** The case's live chat sessions, oldest first. */
    List<JsonNode> chatsOf(long caseId) {
        DeskClient.Answer answer = admin.get("/api/cases/" + caseId + "/chats.json");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return items(answer.json(), "chat");
    }

    /** The {@code object}s a channel's webhook received (answered 2xx), in arrival order. */
    List<JsonNode> delivered(Channel channel) {
        return peers.delivered(channel.hook()).stream().map(h -> Webhooks.json(h).get("object")).toList();
    }

    List<JsonNode> awaitDelivered(Channel channel, int count) {
        await().atMost(PATIENCE).until(() -> delivered(channel).size() >= count);
        return delivered(channel);
    }

    /** The items of an Omnidesk list answer ({@code {"0":{"<kind>":{...}},...,"total_count":N}}). */
    static List<JsonNode> items(JsonNode list, String kind) {
        List<JsonNode> items = new ArrayList<>();
        list.fields().forEachRemaining(e -> {
            if (e.getKey().matches("\\d+")) {
                items.add(e.getValue().get(kind));
            }
        });
        return items;
    }

    /** Every item of a paged list: pages of 100 until the total is reached. */
    List<JsonNode> all(String path, String kind) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 1; ; page++) {
            DeskClient.Answer answer = admin.get(path + (path.contains("?") ? "&" : "?") + "limit=100&page=" + page);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            List<JsonNode> items = items(answer.json(), kind);
            all.addAll(items);
            if (items.isEmpty() || all.size() >= answer.json().get("total_count").asLong()) {
                return all;
            }
        }
    }

    static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }
}
