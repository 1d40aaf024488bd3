package dev.switchboard.rules;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.attachment.Attachments;
import dev.switchboard.desk.cases.CaseEvent;
import dev.switchboard.desk.cases.CaseRepository;
import dev.switchboard.desk.cases.Change;
import dev.switchboard.desk.cases.DeskCase;
import dev.switchboard.desk.channel.ChannelRepository;
import dev.switchboard.desk.message.Message;
import dev.switchboard.desk.message.Texts;
import dev.switchboard.desk.staff.StaffRepository;
import dev.switchboard.desk.user.DeskUser;
import dev.switchboard.desk.user.Identity;
import dev.switchboard.desk.user.UserRepository;
import dev.switchboard.platform.TransactionReads;

/**
 * Runs the rules on every outside change of a case, in the change's transaction: "new case" rules
 * for a new case, "changed case" rules for everything else, each in its position order. A rule
 * whose conditions hold applies its actions to the pass's working copy of the case (later rules
 * see them); {@code stop} ends the pass. The case is written once at the end. What rules change
 * publishes no event, so a pass never triggers another; every rule that fired is recorded on the
 * case.
 */
@Component
public class RuleEngine {

    private static final Logger log = LoggerFactory.getLogger(RuleEngine.class);
    /** How seed 001's bot platform receives files: after the text, a line and this heading. */
    static final String FILES_SEPARATOR = "—————\nВложенные файлы:\n";

    private record Snapshot(String version, List<Rule> rules) {
    }

    private final RuleRepository rules;
    private final CaseRepository cases;
    private final UserRepository users;
    private final ChannelRepository channels;
    private final StaffRepository staff;
    private final Conditions conditions;
    private final RuleActions actions;
    private final RuleFirings firings;
    private final Attachments attachments;
    private final TransactionTemplate savepoint;
    private final Clock clock;
    private volatile Snapshot snapshot = new Snapshot("", List.of());

    RuleEngine(RuleRepository rules, CaseRepository cases, UserRepository users, ChannelRepository channels,
            StaffRepository staff, Conditions conditions, RuleActions actions, RuleFirings firings,
            Attachments attachments, PlatformTransactionManager transactions, Clock clock) {
        this.rules = rules;
        this.cases = cases;
        this.users = users;
        this.channels = channels;
        this.staff = staff;
        this.conditions = conditions;
        this.actions = actions;
        this.firings = firings;
        this.attachments = attachments;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.clock = clock;
    }

    @EventListener
    @Order(10)
    public void on(CaseEvent event) {
        run(event, active(event.has(Change.NEW_CASE) ? Rule.NEW_CASE : Rule.CHANGED_CASE));
    }

    /**
     * One time-based rule on one case (the time scan's unit of work), if the case has not changed
     * since it was picked: the case is locked first, so the pass cannot overwrite a concurrent change.
     */
    boolean runTimed(Rule rule, long caseId, OffsetDateTime pickedAtChange) {
        cases.lock(caseId);
        if (!cases.changedAt(caseId).map(pickedAtChange::isEqual).orElse(false)) {
            return false;
        }
        run(CaseEvent.of(caseId, Change.TIME, null), List.of(rule));
        return true;
    }

    /** The active rules of a trigger, in order; re-read when any node changed a rule. */
    List<Rule> active(String trigger) {
        String version = rules.version();
        Snapshot current = snapshot;
        if (!current.version().equals(version)) {
            current = new Snapshot(version, rules.all().stream().filter(Rule::active)
                    .sorted(Comparator.comparingInt(Rule::position).thenComparingLong(Rule::id)).toList());
            snapshot = current;
        }
        return current.rules().stream().filter(r -> r.trigger().equals(trigger)).toList();
    }

    private void run(CaseEvent event, List<Rule> ruleList) {
        if (ruleList.isEmpty()) {
            return;
        }
        DeskCase deskCase = cases.findById(event.caseId()).orElseThrow();
        RuleContext ctx = new RuleContext(event, deskCase, withPersonContacts(users.findById(deskCase.userId()).orElseThrow()),
                channels.findById(deskCase.channelId()).orElseThrow(), describe(event.message()));
        Map<Long, Boolean> bots = new HashMap<>();
        LongPredicate isBot = id -> bots.computeIfAbsent(id, staff::isBot);
        for (Rule rule : ruleList) {
            if (!conditions.match(rule.definition(), ctx, isBot)) {
                continue;
            }
            List<String> done = new ArrayList<>();
            boolean stop = fire(rule, ctx, done);
            firings.record(ctx.caseId(), rule, event.changes(), done);
            log.debug("SB-4001 rule {} fired on case {}: {}", rule.id(), ctx.caseId(), done);
            if (stop) {
                break;
            }
        }
        if (ctx.changed()) {
            OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
            cases.update(ctx.toCase(now), now);
            cases.addLabels(ctx.caseId(), ctx.labelsAdded());
            cases.removeLabels(ctx.caseId(), ctx.labelsRemoved());
        }
    }

    /**
     * Applies a rule's actions in a savepoint: a rule whose action fails is undone and recorded as
     * failed, and the change that triggered it (a customer's message, say) goes through regardless.
     * Returns whether the rule says to ignore the remaining ones.
     */
    private boolean fire(Rule rule, RuleContext ctx, List<String> done) {
        RuleContext.State before = ctx.state();
        try {
            return Boolean.TRUE.equals(savepoint.execute(status -> {
                boolean stop = false;
                for (Action action : rule.definition().actionList()) {
                    if ("stop".equals(action.type())) {
                        stop = true;
                        done.add("remaining rules ignored");
                    } else {
                        done.add(actions.apply(action, ctx, rule));
                    }
                }
                return stop;
            }));
        } catch (RuntimeException e) {
            // what the rule read after its own writes was rolled back with them
            TransactionReads.forgetAll();
            ctx.restore(before);
            done.clear();
            done.add("failed, nothing done: " + e.getMessage());
            log.warn("SB-4004 rule {} failed on case {} and was undone: {}", rule.id(), ctx.caseId(), e.toString());
            return false;
        }
    }

    /**
     * The user with the email and phone of the person: seed 004 links a channel's user to the
     * profile that already had the email they sent, so [user_email] is found on a linked profile.
     */
    private DeskUser withPersonContacts(DeskUser user) {
        List<Identity> identities = new ArrayList<>(user.identities());
        for (String kind : List.of(Identity.EMAIL, Identity.PHONE)) {
            if (user.identity(kind).isEmpty()) {
                user.linkedUsers().stream().map(users::findById).flatMap(java.util.Optional::stream)
                        .flatMap(linked -> linked.identity(kind).stream()).findFirst().ifPresent(identities::add);
            }
        }
        return identities.size() == user.identities().size() ? user
                : new DeskUser(user.id(), user.personId(), user.type(), user.fullName(), user.companyName(),
                        user.companyPosition(), identities, user.linkedUsers(), user.createdAt(), user.updatedAt());
    }

    /**
     * The message as rules see it ([case_description]): its text, and for files seed 001's block —
     * a separator line, "Вложенные файлы:" and one download link per file.
     */
    private String describe(Message message) {
        if (message == null) {
            return "";
        }
        String text = message.content() != null ? message.content() : Texts.plain(message.contentHtml());
        List<String> links = attachments.ofMessages(List.of(message.id())).getOrDefault(message.id(), List.of())
                .stream().map(file -> attachments.view(file).url()).toList();
        if (links.isEmpty()) {
            return text;
        }
        return (text.isEmpty() ? "" : text + "\n") + FILES_SEPARATOR + String.join("\n", links);
    }
}
