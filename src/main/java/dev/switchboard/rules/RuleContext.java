package dev.switchboard.rules;

import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.switchboard.desk.cases.CaseEvent;
import dev.switchboard.desk.cases.CaseStatus;
import dev.switchboard.desk.cases.DeskCase;
import dev.switchboard.desk.channel.Channel;
import dev.switchboard.desk.user.DeskUser;

/**
 * The case as one evaluation pass sees it. Actions change this working copy; later rules of the
 * same pass see the changes; the engine writes the case once at the end of the pass.
 */
final class RuleContext {

    final CaseEvent event;
    final DeskCase original;
    final DeskUser user;
    final Channel channel;
    final String messageText;

    String status;
    String priority;
    Long groupId;
    Long staffId;
    final Set<Long> labels;

    RuleContext(CaseEvent event, DeskCase original, DeskUser user, Channel channel, String messageText) {
        this.event = event;
        this.original = original;
        this.user = user;
        this.channel = channel;
        this.messageText = messageText == null ? "" : messageText;
        this.status = original.status();
        this.priority = original.priority();
        this.groupId = original.groupId();
        this.staffId = original.staffId();
        this.labels = new LinkedHashSet<>(original.labels());
    }

    /** What actions may change, to undo a rule that failed halfway. */
    record State(String status, String priority, Long groupId, Long staffId, Set<Long> labels) {
    }

    State state() {
        return new State(status, priority, groupId, staffId, Set.copyOf(labels));
    }

    void restore(State state) {
        status = state.status();
        priority = state.priority();
        groupId = state.groupId();
        staffId = state.staffId();
        labels.clear();
        labels.addAll(state.labels());
    }

    long caseId() {
        return original.id();
    }

    boolean changed() {
        return !status.equals(original.status()) || !priority.equals(original.priority())
                || !java.util.Objects.equals(groupId, original.groupId())
                || !java.util.Objects.equals(staffId, original.staffId())
                || !labels.equals(new LinkedHashSet<>(original.labels()));
    }

    /** The case with this pass's changes, as it is written back. */
    DeskCase toCase(OffsetDateTime now) {
        OffsetDateTime closedAt = !CaseStatus.CLOSED.equals(status) ? null
                : original.closedAt() != null ? original.closedAt() : now;
        return original.with(original.subject(), status, priority, groupId, staffId, closedAt,
                original.lastResponseAt());
    }

    List<Long> labelsAdded() {
        return labels.stream().filter(id -> !original.labels().contains(id)).toList();
    }

    List<Long> labelsRemoved() {
        return original.labels().stream().filter(id -> !labels.contains(id)).toList();
    }
}
