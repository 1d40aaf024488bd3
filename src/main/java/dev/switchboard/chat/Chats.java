package dev.switchboard.chat;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.switchboard.desk.cases.CaseEvent;
import dev.switchboard.desk.cases.CaseEvents;
import dev.switchboard.desk.cases.CaseRepository;
import dev.switchboard.desk.cases.CaseStatus;
import dev.switchboard.desk.cases.Change;
import dev.switchboard.desk.cases.DeskCase;

/**
 * Ends live chats, whoever ends them: staff, a rule, the channel, or silence. Ending is not closing:
 * the case keeps its status unless the ender sets one. The case row is locked and the chat ended
 * with a conditional update, so two enders (or two nodes' idle scans) end a chat once, and its
 * events are published once. A chat ended by a rule publishes nothing (rules do not trigger rules).
 */
@Service
public class Chats {

    private static final Logger log = LoggerFactory.getLogger(Chats.class);

    /** Who ends a chat and why; {@code status} (may be null) is set on the case. */
    public record Ending(EndedBy by, Long staffId, Long ruleId, String reason, String status) {
    }

    private final ChatRepository chats;
    private final CaseRepository cases;
    private final CaseEvents events;
    private final Clock clock;

    public Chats(ChatRepository chats, CaseRepository cases, CaseEvents events, Clock clock) {
        this.chats = chats;
        this.cases = cases;
        this.events = events;
        this.clock = clock;
    }

    /** Ends the case's running chat; empty when it had none (or another ender was first). */
    @Transactional
    public Optional<Chat> end(long caseId, Ending ending) {
        return end(caseId, ending, null);
    }

    /** Ends a chat only if it is still idle at {@code now}: a message that came meanwhile keeps it. */
    @Transactional
    public Optional<Chat> endIfIdle(long caseId, Ending ending) {
        return end(caseId, ending, now());
    }

    public List<Chat> ofCase(long caseId) {
        return chats.ofCase(caseId);
    }

    private Optional<Chat> end(long caseId, Ending ending, OffsetDateTime idleBy) {
        if (!cases.lock(caseId)) {
            return Optional.empty();
        }
        Optional<Chat> running = chats.active(caseId);
        OffsetDateTime now = now();
        if (running.isEmpty() || !chats.end(running.get().id(), now, ending.by(), ending.staffId(), ending.ruleId(),
                ending.reason(), idleBy)) {
            return Optional.empty();
        }
        cases.setChatState(caseId, DeskCase.CHAT_ENDED);
        Set<Change> changes = EnumSet.of(Change.CHAT_ENDED);
        if (ending.status() != null) {
            DeskCase current = cases.findById(caseId).orElseThrow();
            if (!ending.status().equals(current.status())) {
                OffsetDateTime closedAt = CaseStatus.CLOSED.equals(ending.status()) ? now : null;
                cases.update(current.with(current.subject(), ending.status(), current.priority(), current.groupId(),
                        current.staffId(), closedAt, current.lastResponseAt()), now);
                changes.add(Change.STATUS_CHANGED);
            }
        }
        if (ending.by() != EndedBy.RULE) {
            events.publish(new CaseEvent(caseId, changes, List.of(), List.of(), null));
        }
        log.info("SB-3001 chat of case {} ended by {}{}", caseId, ending.by().code(),
                ending.status() == null ? "" : ", status " + ending.status());
        return chats.ofCase(caseId).stream().filter(c -> c.id() == running.get().id()).findFirst();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
