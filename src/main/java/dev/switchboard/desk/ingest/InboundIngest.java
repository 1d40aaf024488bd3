package dev.switchboard.desk.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.attachment.Attachment;
import dev.switchboard.attachment.Attachments;
import dev.switchboard.attachment.UrlFetcher;
import dev.switchboard.chat.Chats;
import dev.switchboard.chat.EndedBy;
import dev.switchboard.desk.api.ApiException;
import dev.switchboard.desk.cases.CaseMessages;
import dev.switchboard.desk.cases.CaseRepository;
import dev.switchboard.desk.cases.CaseService;
import dev.switchboard.desk.cases.CaseStatus;
import dev.switchboard.desk.cases.DeskCase;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.channel.ChannelRepository;
import dev.switchboard.desk.user.Identity;
import dev.switchboard.desk.user.Profile;
import dev.switchboard.desk.user.UserIdentities;
import dev.switchboard.desk.user.UserRepository;
import dev.switchboard.pipeline.Attempt;
import dev.switchboard.pipeline.ChannelInbound;
import dev.switchboard.pipeline.DeadLetters;
import dev.switchboard.pipeline.DeliveryHeaders;
import dev.switchboard.pipeline.Inbound;
import dev.switchboard.pipeline.PermanentDeliveryFailure;
import dev.switchboard.platform.GroupCommit;
import dev.switchboard.platform.GroupCommits;
import dev.switchboard.platform.JmsBatch;

/**
 * Turns inbound messages from the broker into the desk (the step of route {@code inbound-ingest}):
 * a message of a conversation becomes a customer message of the conversation's case — a new case
 * when it has none or it is closed — and an event is recorded on the conversation (and its case).
 * Files are fetched before the transaction. Each message is stored once: the dedup mark commits
 * with it, and the broker acknowledges after the commit, so a redelivered copy finds the mark.
 * A consumer takes up to {@code switchboard.inbound.batch} messages in one JMS transaction
 * ({@link JmsBatch}); their units share commits ({@link GroupCommit}, up to
 * {@code switchboard.group-commit.max-units} a commit) with each other and with the other
 * consumers', and the broker forgets the batch once all of it has committed. A conversation stays
 * on one consumer, which takes its next batch only then, so its messages are stored in order.
 */
@Component("inboundIngest")
public class InboundIngest {

    private static final Logger log = LoggerFactory.getLogger(InboundIngest.class);
    /** Where channels' inbound routes put messages, grouped by conversation. */
    public static final String QUEUE = "sb.inbound";

    private final InboundSeen seen;
    private final ConversationRepository conversations;
    private final ChannelRepository channels;
    private final CaseRepository cases;
    private final CaseService caseService;
    private final CaseMessages messages;
    private final UserIdentities identities;
    private final UserRepository users;
    private final Attachments attachments;
    private final UrlFetcher fetcher;
    private final Map<String, ChannelInbound> kinds;
    private final DeadLetters deadLetters;
    private final Chats chats;
    private final ObjectMapper json;
    private final GroupCommit commits;
    private final Clock clock;

    InboundIngest(InboundSeen seen, ConversationRepository conversations, ChannelRepository channels,
            CaseRepository cases, CaseService caseService, CaseMessages messages, UserIdentities identities,
            UserRepository users, Attachments attachments, UrlFetcher fetcher, List<ChannelInbound> kinds, DeadLetters deadLetters,
            Chats chats, ObjectMapper json, GroupCommits commits, Clock clock) {
        this.seen = seen;
        this.conversations = conversations;
        this.channels = channels;
        this.cases = cases;
        this.caseService = caseService;
        this.messages = messages;
        this.identities = identities;
        this.users = users;
        this.attachments = attachments;
        this.fetcher = fetcher;
        this.kinds = kinds.stream().collect(Collectors.toMap(ChannelInbound::channelKind, Function.identity()));
        this.deadLetters = deadLetters;
        this.chats = chats;
        this.json = json;
        this.commits = commits.consumerLane("inbound");
        this.clock = clock;
    }

    /**
     * Stores a batch the consumer took off {@code sb.inbound} in one JMS transaction (route
     * {@code inbound-ingest}): every message's work is queued at once, so the batch shares commits,
     * and each message's outcome is its own. A message no retry can store (not an inbound message,
     * its channel is gone) goes to the dead-letter queue, from where it can be replayed once the
     * cause is fixed; the others are stored. When a message fails otherwise (the database is away),
     * the later messages of its conversation in the batch are held back, so that order holds, and
     * the failure is thrown: route configuration "inbound" runs the step again for the messages not
     * yet settled, or the consumer rolls back and the broker gives them again.
     */
    public void acceptAll(JmsBatch batch) {
        List<JmsBatch.Message> pending = new ArrayList<>();
        List<Runnable> units = new ArrayList<>();
        InOrder order = new InOrder();
        for (JmsBatch.Message message : batch.unsettled()) {
            try {
                Runnable unit = prepare(message.body());
                if (unit == null) {
                    batch.settle(message);
                } else {
                    pending.add(message);
                    units.add(order.unit(message.group(), unit));
                }
            } catch (PermanentDeliveryFailure e) {
                deadLetter(message, e);
                batch.settle(message);
            }
        }
        List<RuntimeException> failures = commits.runEach(units);
        RuntimeException cause = null;
        for (int i = 0; i < pending.size(); i++) {
            RuntimeException failure = failures.get(i);
            if (failure == null) {
                batch.settle(pending.get(i));
            } else if (failure instanceof PermanentDeliveryFailure permanent) {
                deadLetter(pending.get(i), permanent);
                batch.settle(pending.get(i));
            } else if (cause == null && !(failure instanceof InOrder.HeldBack)) {
                cause = failure;
            }
        }
        if (cause != null) {
            throw cause;
        }
    }

    /**
     * One message taken by a plain {@code jms:} consumer, as routes written before {@code jmsbatch:}
     * (a {@code routes/} directory of an earlier version) take them: stored as a batch of one.
     */
    public void accept(@Body String body, @Header("JMSMessageID") String id, @Header(DeliveryHeaders.GROUP) String group) {
        acceptAll(new JmsBatch(List.of(new JmsBatch.Message(id == null ? UUID.randomUUID().toString() : id, group,
                body))));
    }

    private void deadLetter(JmsBatch.Message message, PermanentDeliveryFailure cause) {
        String group = message.group() == null ? "inbound" : message.group();
        deadLetters.add(new Attempt(QUEUE, group, group.replaceAll("\\|.*", ""), message.id(), message.body(), null),
                cause.getMessage(), 1, null, null);
    }

    /**
     * What storing one message takes, once its files are fetched (outside any transaction); null
     * for a copy of a stored message with files, which is dropped before they are fetched again. A
     * copy without files is dropped by its mark, in the transaction that would store it: a read
     * for every message to save one for a rare copy would cost more than it saves.
     */
    private Runnable prepare(String body) {
        Inbound in = read(body);
        boolean hasFiles = Inbound.MESSAGE.equals(in.kind()) && in.files() != null && !in.files().isEmpty();
        if (hasFiles && seen.seen(in.channel(), in.externalId())) {
            log.debug("SB-6002 inbound {} of {} is a copy of a stored one: dropped", in.externalId(), in.channel());
            return null;
        }
        Channel channel = channels.findByCode(in.channel())
                .orElseThrow(() -> new PermanentDeliveryFailure("no channel " + in.channel()));
        StringBuilder text = new StringBuilder(in.text() == null ? "" : in.text());
        List<Attachment> files = hasFiles ? fetch(channel, in.files(), text) : List.of();
        return () -> store(in, channel, text.toString(), files);
    }

    private void store(Inbound in, Channel channel, String text, List<Attachment> files) {
        if (!seen.mark(in.channel(), in.externalId())) {
            log.debug("SB-6002 inbound {} of {} is a copy of a stored one: dropped", in.externalId(), in.channel());
            return;
        }
        String reference = write(in.reference());
        OffsetDateTime now = now();
        Conversation conversation = conversations.lockOrCreate(channel.id(), in.conversation(), in.group(),
                in.title(), reference, now);
        long userId = conversation.userId() != null ? conversation.userId() : customer(channel, in);
        if (in.group() && conversation.userId() != null && conversation.title() == null && in.title() != null) {
            // the group's customer was named "Group chat" by an activity without the group's name
            users.updateProfile(userId, new Profile(in.title(), null, null), now);
        }
        Long caseId = conversation.caseId();
        if (Inbound.CHAT_ENDED.equals(in.kind())) {
            conversations.addEvent(conversation.id(), in.eventType() == null ? "chat_ended" : in.eventType(),
                    text, now);
            if (caseId != null) {
                chats.end(caseId, new Chats.Ending(EndedBy.CHANNEL, null, null, text, null));
            }
        } else if (Inbound.EVENT.equals(in.kind())) {
            conversations.addEvent(conversation.id(), in.eventType() == null ? "event" : in.eventType(),
                    text, now);
            openCase(caseId).ifPresent(c -> messages.systemNote(c.id(), in.text()));
        } else if (!text.isEmpty() || !files.isEmpty()) {
            String content = in.group() && in.sender() != null && in.sender().name() != null
                    ? in.sender().name() + ": " + text : text;
            DeskCase current = openCase(caseId).orElse(null);
            if (current == null) {
                caseId = caseService.openFromChannel(channel, userId, content, files).deskCase().id();
            } else {
                messages.fromChannel(current.id(), userId, content, files);
            }
        }
        conversations.update(conversation, userId, caseId, in.title(), reference, now);
    }

    /** The conversation's customer: the person in a 1:1 conversation, the group itself in a group. */
    private long customer(Channel channel, Inbound in) {
        if (in.group()) {
            return identities.findOrCreate(Identity.channel(channel.code(), "conversation:" + in.conversation()),
                    channel.kind(), new Profile(in.title() == null ? "Group chat" : in.title(), null, null));
        }
        return identities.findOrCreate(Identity.channel(channel.code(), in.sender().id()), channel.kind(),
                new Profile(in.sender().name(), null, null));
    }

    /** The conversation's case unless it is closed, locked as it is read: the message writes to it. */
    private java.util.Optional<DeskCase> openCase(Long caseId) {
        return caseId == null || !cases.lock(caseId) ? java.util.Optional.empty()
                : cases.findById(caseId).filter(c -> !CaseStatus.CLOSED.equals(c.status()));
    }

    /**
     * Fetches the files into the attachment store; one that cannot be fetched is named in the text
     * instead, so the message itself is never lost for it.
     */
    private List<Attachment> fetch(Channel channel, List<Inbound.File> files, StringBuilder text) {
        List<Attachment> stored = new ArrayList<>();
        long budget = attachments.maxMessageSize();
        for (Inbound.File file : files == null ? List.<Inbound.File>of() : files) {
            Map<String, String> headers;
            try {
                headers = file.channelAuth() && kinds.containsKey(channel.kind())
                        ? kinds.get(channel.kind()).fileHeaders(channel, file) : Map.of();
            } catch (RuntimeException e) {
                // no credentials now (the channel's token service is away): without them the file
                // cannot be had, and an exception here would send the whole message to the dead letters
                log.warn("SB-6003 a file of an inbound message of {} could not be fetched, no credentials: {}",
                        channel.code(), e.getMessage());
                notFetched(text, file);
                continue;
            }
            try (UrlFetcher.Download download = fetcher.fetch("file", file.url(), headers)) {
                Attachment a = attachments.store(download.content(),
                        file.name() != null ? file.name() : download.fileName(),
                        file.contentType() != null ? file.contentType() : download.contentType(), budget);
                budget -= a.size();
                stored.add(a);
            } catch (ApiException | IOException e) {
                log.warn("SB-6003 a file of an inbound message of {} could not be fetched: {}", channel.code(),
                        e.getMessage());
                notFetched(text, file);
            }
        }
        return stored;
    }

    private static void notFetched(StringBuilder text, Inbound.File file) {
        text.append(text.isEmpty() ? "" : "\n").append("[file ")
                .append(file.name() == null ? "" : file.name() + " ").append("could not be fetched]");
    }

    private Inbound read(String body) {
        try {
            Inbound in = json.readValue(body, Inbound.class);
            if (in.channel() == null || in.conversation() == null || in.externalId() == null || in.kind() == null) {
                throw new PermanentDeliveryFailure("not an inbound message: channel, conversation, id or kind missing");
            }
            if (!in.group() && (in.sender() == null || in.sender().id() == null)) {
                // the sender is the customer of a 1:1 conversation
                throw new PermanentDeliveryFailure(
                        "not an inbound message: a 1:1 conversation's message without its sender");
            }
            return in;
        } catch (JsonProcessingException e) {
            throw new PermanentDeliveryFailure("not an inbound message: " + e.getOriginalMessage());
        }
    }

    private String write(Object value) {
        try {
            return value == null ? "{}" : json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
