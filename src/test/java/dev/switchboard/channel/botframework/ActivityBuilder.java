package dev.switchboard.channel.botframework;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds an inbound Activity the way the Bot Connector sends it. Starts as a Skype 1:1 activity
 * from user {@code 29:1alice} to the bot {@code 28:<appId>} on the fake's serviceUrl; every field
 * can be changed. Obtain one from {@link FakeBotConnector#activity(String)}.
 */
public final class ActivityBuilder {

    private static final AtomicLong IDS = new AtomicLong(1_700_000_000_000L);

    private final ObjectMapper json;
    private final ObjectNode a;

    ActivityBuilder(ObjectMapper json, String type, String serviceUrl, String appId) {
        this.json = json;
        a = json.createObjectNode();
        a.put("type", type);
        a.put("id", String.valueOf(IDS.incrementAndGet()));
        a.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        a.put("serviceUrl", serviceUrl);
        a.put("channelId", "skype");
        from("29:1alice", "Alice Example");
        conversation("29:1alice");
        recipient("28:" + appId, "Switchboard");
        a.put("locale", "en-US");
        if (type.equals("message")) {
            a.put("textFormat", "plain");
            a.put("text", "");
        }
    }

    public ActivityBuilder id(String id) {
        a.put("id", id);
        return this;
    }

    public ActivityBuilder channel(String channelId) {
        a.put("channelId", channelId);
        return this;
    }

    public ActivityBuilder serviceUrl(String serviceUrl) {
        a.put("serviceUrl", serviceUrl);
        return this;
    }

    public ActivityBuilder from(String id, String name) {
        a.set("from", account(id, name));
        return this;
    }

    public ActivityBuilder recipient(String id, String name) {
        a.set("recipient", account(id, name));
        return this;
    }

    /** A 1:1 conversation. */
    public ActivityBuilder conversation(String id) {
        a.set("conversation", json.createObjectNode().put("id", id));
        return this;
    }

    /** A group conversation ({@code isGroup} true), e.g. {@code 19:abc@thread.skype}. */
    public ActivityBuilder group(String id, String name) {
        a.set("conversation", json.createObjectNode().put("id", id).put("name", name).put("isGroup", true));
        return this;
    }

    public ActivityBuilder text(String text) {
        a.put("text", text);
        return this;
    }

    public ActivityBuilder textFormat(String format) {
        a.put("textFormat", format);
        return this;
    }

    public ActivityBuilder replyToId(String id) {
        a.put("replyToId", id);
        return this;
    }

    /** Adds a mention entity; put the same {@code mentionText} inside {@link #text} yourself. */
    public ActivityBuilder mention(String id, String name, String mentionText) {
        array("entities").addObject().put("type", "mention").put("text", mentionText)
                .set("mentioned", account(id, name));
        return this;
    }

    public ActivityBuilder attachment(String contentType, String contentUrl, String name) {
        array("attachments").addObject().put("contentType", contentType).put("contentUrl", contentUrl)
                .put("name", name);
        return this;
    }

    /** Adds a member to {@code membersAdded} (for {@code conversationUpdate}). */
    public ActivityBuilder memberAdded(String id, String name) {
        array("membersAdded").add(account(id, name));
        return this;
    }

    /** {@code action} of a {@code contactRelationUpdate}: {@code add} or {@code remove}. */
    public ActivityBuilder action(String action) {
        a.put("action", action);
        return this;
    }

    /** Any other field, any JSON-able value ({@code null} removes it). */
    public ActivityBuilder set(String field, Object value) {
        if (value == null) {
            a.remove(field);
        } else {
            a.set(field, json.valueToTree(value));
        }
        return this;
    }

    public ObjectNode build() {
        return a.deepCopy();
    }

    private ObjectNode account(String id, String name) {
        ObjectNode account = json.createObjectNode().put("id", id);
        return name == null ? account : account.put("name", name);
    }

    private ArrayNode array(String field) {
        JsonNode existing = a.get(field);
        return existing instanceof ArrayNode array ? array : a.putArray(field);
    }
}
