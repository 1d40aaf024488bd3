package dev.switchboard.desk.cases;

import java.util.List;
import java.util.Set;

import dev.switchboard.desk.message.Message;

/**
 * One outside change of a case — a new case, a message, an API update, a chat ending — published
 * inside the transaction that made it. The live-chat lifecycle and the rules listen. Changes made by
 * rules publish nothing, so rules never trigger themselves. (The time scan hands the rule engine an
 * event of kind TIME directly; it is not published.)
 *
 * @param message the message that caused it, if any ({@code [case_description]} of the rules)
 */
public record CaseEvent(long caseId, Set<Change> changes, List<Long> labelsAdded, List<Long> labelsRemoved,
        Message message) {

    public static CaseEvent of(long caseId, Change change, Message message) {
        return new CaseEvent(caseId, Set.of(change), List.of(), List.of(), message);
    }

    public boolean has(Change change) {
        return changes.contains(change);
    }
}
