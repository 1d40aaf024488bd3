package dev.switchboard.bot;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.chat.ChatRepository;
import dev.switchboard.desk.cases.CaseEvent;
import dev.switchboard.desk.cases.CaseEvents;
import dev.switchboard.desk.cases.CaseMessages;
import dev.switchboard.desk.cases.CaseRepository;
import dev.switchboard.desk.cases.Change;
import dev.switchboard.desk.cases.DeskCase;
import dev.switchboard.desk.staff.StaffRepository;

/**
 * Moves a chat away from its bot: to a person, a group or the queue. The bot stops owning the
 * chat at once (events still queued for it are dropped), the case is reassigned, and the change is
 * published like any other, so rules see it and a bot that is given the chat takes it anew —
 * hand-off works any number of times per customer.
 */
@Component
public class BotHandoff {

    private static final Logger log = LoggerFactory.getLogger(BotHandoff.class);

    private final BotRepository bots;
    private final CaseRepository cases;
    private final StaffRepository staff;
    private final CaseMessages messages;
    private final CaseEvents events;
    private final ChatRepository chats;
    private final Clock clock;

    BotHandoff(BotRepository bots, CaseRepository cases, StaffRepository staff, CaseMessages messages,
            CaseEvents events, ChatRepository chats, Clock clock) {
        this.chats = chats;
        this.bots = bots;
        this.cases = cases;
        this.staff = staff;
        this.messages = messages;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Every running chat of the bot goes to a person of its hand-off group (or its case's group),
     * with a note why. Its cases whose chat has ended are only let go (unassigned, no note): the
     * customer's next chat in them arrives like a new one. Returns how many chats went to people.
     */
    @Transactional
    public int toPeople(Bot bot, String why) {
        int handed = 0;
        for (long caseId : bots.casesOwnedBy(bot.id())) {
            boolean running = chats.active(caseId).isPresent();
            move(caseId, bot, running ? bot.handoffGroupId() : null, null, running,
                    running ? "Switchboard: " + why + "; the chat was handed to people." : null);
            handed += running ? 1 : 0;
        }
        if (handed > 0) {
            log.warn("SB-5003 {} chats of bot {} handed to people: {}", handed, bot.id(), why);
        }
        return handed;
    }

    /**
     * Moves the case from the bot, as the bot asked: to {@code staffId} if given, otherwise
     * unassigned (the queue) in {@code groupId}, or in the case's group when null. Nothing happens
     * when the bot no longer has the case.
     */
    @Transactional
    public void move(long caseId, Bot bot, Long groupId, Long staffId) {
        move(caseId, bot, groupId, staffId, false, null);
    }

    /**
     * {@code findPerson}: without {@code staffId}, an available person of the group gets it (a bot
     * that went away hands its chats to people); a bot that redirects to the queue means the queue.
     */
    private void move(long caseId, Bot bot, Long groupId, Long staffId, boolean findPerson, String note) {
        cases.lock(caseId);
        DeskCase current = cases.findById(caseId).orElseThrow();
        bots.release(caseId);
        if (!Objects.equals(current.staffId(), bot.staffId())) {
            return;
        }
        Long group = groupId != null ? groupId : current.groupId();
        Long assignee = staffId != null ? staffId : findPerson ? person(group).orElse(null) : null;
        OffsetDateTime now = now();
        cases.update(current.with(current.subject(), current.status(), current.priority(), group, assignee,
                current.closedAt(), current.lastResponseAt()), now);
        if (note != null) {
            messages.systemNote(caseId, note);
        }
        Set<Change> changes = EnumSet.of(Change.ASSIGNEE_CHANGED);
        if (!Objects.equals(group, current.groupId())) {
            changes.add(Change.GROUP_CHANGED);
        }
        events.publish(new CaseEvent(caseId, changes, List.of(), List.of(), null));
    }

    /** An available person of the group (marked as just assigned, for round-robin). */
    Optional<Long> person(Long groupId) {
        if (groupId == null) {
            return Optional.empty();
        }
        Optional<Long> person = staff.availableInGroup(groupId);
        person.ifPresent(id -> staff.markAssigned(id, now()));
        return person;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
