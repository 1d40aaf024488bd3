package dev.switchboard.channel.botframework;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import dev.switchboard.channel.botframework.model.Activity;
import dev.switchboard.channel.botframework.model.Attachment;
import dev.switchboard.channel.botframework.model.ChannelAccount;
import dev.switchboard.pipeline.ChannelRefused;
import dev.switchboard.pipeline.Inbound;

/**
 * Maps an authenticated Activity to an {@link Inbound}: a {@code message} becomes a customer
 * message of its conversation (the bot's mention stripped, files to fetch), membership and
 * contact changes become events of the conversation, {@code endOfConversation} ends its chat;
 * other types (typing, invoke, ...) are acknowledged and ignored.
 */
@Component
class ActivityMapper {

    /** The types something is stored for; every other type is acknowledged and ignored. */
    private static final Set<String> STORED = Set.of(Activity.MESSAGE, Activity.CONVERSATION_UPDATE,
            Activity.CONTACT_RELATION_UPDATE, Activity.END_OF_CONVERSATION);

    /** The columns that keep them: a conversation's key, a user's identity, the reference's URL. */
    static final int MAX_CONVERSATION_ID = 400;
    static final int MAX_USER_ID = 320;
    static final int MAX_SERVICE_URL = 2000;
    static final int MAX_NAME = 200;

    private final ObjectMapper json;
    private final BotFrameworkProperties properties;

    ActivityMapper(ObjectMapper json, BotFrameworkProperties properties) {
        this.json = json;
        this.properties = properties;
    }

    Optional<Inbound> map(String bot, Activity a) {
        if (blank(a.type())) {
            throw new ChannelRefused(400, "invalid_activity", "an activity needs a type");
        }
        if (!STORED.contains(a.type())) {
            // typing, invoke, event, ...: acknowledged as they are (a typing activity may have no id)
            return Optional.empty();
        }
        if (a.conversation() == null || blank(a.conversation().id()) || blank(a.id()) || a.from() == null
                || blank(a.from().id()) || blank(a.serviceUrl())) {
            // nothing can be stored, deduplicated or answered without these
            throw new ChannelRefused(400, "invalid_activity",
                    "an activity needs type, id, serviceUrl, from.id and conversation.id");
        }
        if (a.conversation().id().length() > MAX_CONVERSATION_ID || a.from().id().length() > MAX_USER_ID
                || a.serviceUrl().length() > MAX_SERVICE_URL) {
            // refused before it is accepted: past the columns that keep them, it could never be stored
            throw new ChannelRefused(400, "invalid_activity", "conversation.id may be at most " + MAX_CONVERSATION_ID
                    + " characters, from.id " + MAX_USER_ID + ", serviceUrl " + MAX_SERVICE_URL);
        }
        return switch (a.type()) {
            case Activity.MESSAGE -> Optional.of(inbound(bot, a, Inbound.MESSAGE, null, text(a), files(a)));
            case Activity.CONVERSATION_UPDATE -> membership(a).map(text -> inbound(bot, a, Inbound.EVENT,
                    Activity.CONVERSATION_UPDATE, text, List.of()));
            case Activity.CONTACT_RELATION_UPDATE -> Optional.of(inbound(bot, a, Inbound.EVENT,
                    Activity.CONTACT_RELATION_UPDATE, name(a.from()) + ("remove".equals(a.action())
                            ? " removed the bot from their contacts" : " added the bot to their contacts"), List.of()));
            case Activity.END_OF_CONVERSATION -> Optional.of(inbound(bot, a, Inbound.CHAT_ENDED,
                    Activity.END_OF_CONVERSATION, "the channel ended the conversation", List.of()));
            default -> Optional.empty();
        };
    }

    private Inbound inbound(String bot, Activity a, String kind, String eventType, String text,
            List<Inbound.File> files) {
        ConversationReference reference = new ConversationReference(bot, a.serviceUrl(), a.channelId(),
                a.conversation(), a.recipient(), a.from(), a.id(), a.locale());
        JsonNode referenceJson = json.valueToTree(reference);
        return new Inbound(BotFrameworkBots.channelCode(bot), a.conversation().id(), dedupKey(a), kind, eventType,
                new Inbound.Sender(a.from().id(), clip(a.from().name())), text, files, time(a.timestamp()),
                a.conversation().group(), clip(a.conversation().name()), referenceJson);
    }

    /** Display names are kept to their column's 200 characters: a longer one is shortened, not refused. */
    private static String clip(String name) {
        return name == null || name.length() <= MAX_NAME ? name : name.substring(0, MAX_NAME);
    }

    /**
     * What makes a copy of this activity a copy: its id is only unique within its conversation
     * (Skype's and Teams' ids are timestamps, two conversations can share one), so the id is taken
     * together with the channel and the conversation, hashed to fit the dedup key's column.
     */
    static String dedupKey(Activity a) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String scoped = a.channelId() + "\n" + a.conversation().id() + "\n" + a.id();
            return "bf:" + HexFormat.of().formatHex(sha.digest(scoped.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * The text without the bot's own @mention (groups mention the bot to talk to it); other people's
     * mentions, markup on Skype and Teams ({@code <at id="29:..">Alice</at>}), read "@Alice".
     */
    static String text(Activity a) {
        String text = a.text() == null ? "" : a.text();
        String botId = a.recipient() == null ? null : a.recipient().id();
        for (JsonNode entity : a.entities() == null ? List.<JsonNode>of() : a.entities()) {
            if (!"mention".equalsIgnoreCase(entity.path("type").asText()) || !entity.hasNonNull("text")) {
                continue;
            }
            JsonNode mentioned = entity.path("mentioned");
            if (botId != null && botId.equals(mentioned.path("id").asText(null))) {
                text = text.replace(entity.get("text").asText(), "");
            } else if (mentioned.hasNonNull("name") && !mentioned.get("name").asText().isBlank()) {
                text = text.replace(entity.get("text").asText(), "@" + mentioned.get("name").asText().strip());
            }
        }
        return text.replaceAll("[ \\t]{2,}", " ").strip();
    }

    private List<Inbound.File> files(Activity a) {
        List<Inbound.File> files = new ArrayList<>();
        for (Attachment attachment : a.attachments() == null ? List.<Attachment>of() : a.attachments()) {
            if (Attachment.TEAMS_FILE.equals(attachment.contentType()) && attachment.content() != null
                    && attachment.content().hasNonNull("downloadUrl")) {
                // pre-authenticated: no token
                files.add(new Inbound.File(attachment.content().get("downloadUrl").asText(), attachment.name(),
                        null, false));
            } else if (attachment.contentUrl() != null && attachment.contentUrl().startsWith("http")) {
                files.add(new Inbound.File(attachment.contentUrl(), attachment.name(), attachment.contentType(),
                        channelHost(attachment.contentUrl(), a.serviceUrl())));
            }
        }
        return files;
    }

    /** Whether a file lives on the channel's own service, the only place the bot's token may go. */
    private boolean channelHost(String url, String serviceUrl) {
        String host = host(url);
        if (host == null) {
            return false;
        }
        if (host.equals(host(serviceUrl))) {
            return true;
        }
        return properties.tokenHosts().stream().map(h -> h.toLowerCase(Locale.ROOT)).anyMatch(pattern ->
                pattern.startsWith("*.") ? host.endsWith(pattern.substring(1)) : host.equals(pattern));
    }

    private static String host(String url) {
        try {
            String host = url == null ? null : URI.create(url).getHost();
            return host == null ? null : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Optional<String> membership(Activity a) {
        List<String> parts = new ArrayList<>();
        String botId = a.recipient() == null ? null : a.recipient().id();
        if (a.membersAdded() != null && !a.membersAdded().isEmpty()) {
            parts.add("joined: " + names(a.membersAdded(), botId));
        }
        if (a.membersRemoved() != null && !a.membersRemoved().isEmpty()) {
            parts.add("left: " + names(a.membersRemoved(), botId));
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
    }

    private static String names(List<ChannelAccount> members, String botId) {
        return members.stream().map(m -> m.id() != null && m.id().equals(botId) ? "the bot" : name(m))
                .collect(Collectors.joining(", "));
    }

    private static String name(ChannelAccount account) {
        return account.name() != null && !account.name().isBlank() ? account.name() : account.id();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static OffsetDateTime time(String timestamp) {
        try {
            return timestamp == null ? null : OffsetDateTime.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
