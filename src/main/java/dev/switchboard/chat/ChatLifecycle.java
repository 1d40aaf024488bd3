package dev.switchboard.chat;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.springframework.core.annotation.Order;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.switchboard.desk.cases.CaseEvent;
import dev.switchboard.desk.cases.CaseRepository;
import dev.switchboard.desk.cases.Change;
import dev.switchboard.desk.cases.DeskCase;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.channel.ChannelRepository;

/**
 * Keeps the live chats of sync channels: the customer's first message starts one, and a customer
 * writing to a case without a running chat starts it again; every message of either side pushes
 * the idle deadline back. Runs inside the transaction of the change, before the rules (order 0),
 * so rules see the chat as it is after the message. Notes are not part of the conversation.
 */
@Component
public class ChatLifecycle {

    private final ChatRepository chats;
    private final CaseRepository cases;
    private final ChannelRepository channels;
    private final ChatTimeouts timeouts;
    private final Clock clock;

    public ChatLifecycle(ChatRepository chats, CaseRepository cases, ChannelRepository channels,
            ChatTimeouts timeouts, Clock clock) {
        this.chats = chats;
        this.cases = cases;
        this.channels = channels;
        this.timeouts = timeouts;
        this.clock = clock;
    }

    @EventListener
    @Order(0)
    public void on(CaseEvent event) {
        boolean customer = event.has(Change.NEW_CASE) || event.has(Change.CUSTOMER_MESSAGE);
        if (customer) {
            customerWrote(event.caseId());
        } else if (event.has(Change.STAFF_MESSAGE)) {
            staffWrote(event.caseId());
        }
    }

    /** A staff member (person or bot) answered: the chat goes on, and the first response is stamped. */
    public void staffWrote(long caseId) {
        syncChannel(caseId).ifPresent(channel -> chats.active(caseId).ifPresent(chat ->
                chats.staffWrote(chat, now(), now().plus(timeouts.of(channel)))));
    }

    /** A rule wrote to the customer: the chat goes on, but no person or bot has answered yet. */
    public void ruleWrote(long caseId) {
        syncChannel(caseId).ifPresent(channel -> chats.active(caseId).ifPresent(chat ->
                chats.activity(chat.id(), now(), now().plus(timeouts.of(channel)))));
    }

    /**
     * A rule pins the case's chat to its assignee: on a sync channel without a running chat, a chat
     * starts (again) and shows among the assignee's running chats; silence ends it like any other.
     * Returns whether one started (false on async channels and when a chat runs already).
     */
    public boolean pinToAssignee(long caseId) {
        return syncChannel(caseId).map(channel -> {
            if (chats.active(caseId).isPresent()) {
                return false;
            }
            OffsetDateTime now = now();
            chats.startForAssignee(caseId, now, now.plus(timeouts.of(channel)));
            cases.setChatState(caseId, DeskCase.CHAT_ACTIVE);
            return true;
        }).orElse(false);
    }

    private void customerWrote(long caseId) {
        syncChannel(caseId).ifPresent(channel -> {
            OffsetDateTime now = now();
            OffsetDateTime idleAt = now.plus(timeouts.of(channel));
            Optional<Chat> running = chats.active(caseId);
            if (running.isPresent()) {
                chats.customerWrote(running.get(), now, idleAt);
            } else {
                chats.start(caseId, now, idleAt);
                cases.setChatState(caseId, DeskCase.CHAT_ACTIVE);
            }
        });
    }

    private Optional<Channel> syncChannel(long caseId) {
        return cases.findById(caseId).flatMap(c -> channels.findById(c.channelId())).filter(Channel::sync);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
