package dev.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongPredicate;

import org.junit.jupiter.api.Test;

import dev.switchboard.desk.cases.Change;
import dev.switchboard.desk.user.Identity;

/** Every condition field and operator, on the rule engine's working copy of a case. */
class ConditionsTest {

    /** Staff 66 is a bot, everyone else a person. */
    private static final LongPredicate BOTS = id -> id == 66;

    private final Conditions conditions = new Conditions();

    private static Condition c(String field, String operator, String... values) {
        return new Condition(field, operator, Arrays.asList(values), null);
    }

    private static Condition user(String key, String operator, String... values) {
        return new Condition("user", operator, Arrays.asList(values), key);
    }

    private boolean holds(Condition condition, Consumer<RuleContexts> setup) {
        RuleContexts contexts = new RuleContexts();
        setup.accept(contexts);
        return conditions.test(condition, contexts.build(), BOTS);
    }

    private boolean holds(Condition condition) {
        return holds(condition, s -> { });
    }

    @Test
    void status() {
        assertThat(holds(c("status", "is", "open"))).isTrue();
        assertThat(holds(c("status", "is", "waiting", "closed"))).isFalse();
        assertThat(holds(c("status", "is", "waiting", "open"))).isTrue();
        assertThat(holds(c("status", "is_not", "open"))).isFalse();
        assertThat(holds(c("status", "is_not", "waiting", "closed"))).isTrue();
        assertThat(holds(c("status", "is", "waiting"), s -> s.status = "waiting")).isTrue();
    }

    @Test
    void priority() {
        assertThat(holds(c("priority", "is", "normal"))).isTrue();
        assertThat(holds(c("priority", "is", "high", "critical"))).isFalse();
        assertThat(holds(c("priority", "is", "high", "critical"), s -> s.priority = "critical")).isTrue();
        assertThat(holds(c("priority", "is_not", "normal"))).isFalse();
        assertThat(holds(c("priority", "is_not", "low"))).isTrue();
    }

    @Test
    void channel() {
        assertThat(holds(c("channel", "is", "cch5"))).isTrue();
        assertThat(holds(c("channel", "is", "cch1", "cch5"))).isTrue();
        assertThat(holds(c("channel", "is", "cch50"))).isFalse();
        assertThat(holds(c("channel", "is_not", "cch5"))).isFalse();
        assertThat(holds(c("channel", "is_not", "cch6", "api"))).isTrue();
        assertThat(holds(c("channel", "is", "api"), s -> s.channelCode = "api")).isTrue();
    }

    @Test
    void channelType() {
        assertThat(holds(c("channel_type", "is", "sync"))).isTrue();
        assertThat(holds(c("channel_type", "is", "async"))).isFalse();
        assertThat(holds(c("channel_type", "is", "async"), s -> s.channelType = "async")).isTrue();
        assertThat(holds(c("channel_type", "is_not", "sync"))).isFalse();
        assertThat(holds(c("channel_type", "is_not", "sync"), s -> s.channelType = "async")).isTrue();
    }

    @Test
    void groupByIdAndZeroForNone() {
        assertThat(holds(c("group", "is", "9"))).isTrue();
        assertThat(holds(c("group", "is", "90"))).isFalse();
        assertThat(holds(c("group", "is", "0"))).isFalse();
        assertThat(holds(c("group", "is", "0"), s -> s.groupId = null)).isTrue();
        assertThat(holds(c("group", "is", "9"), s -> s.groupId = null)).isFalse();
        assertThat(holds(c("group", "is_not", "9"))).isFalse();
        assertThat(holds(c("group", "is_not", "0"))).isTrue();
        assertThat(holds(c("group", "is_not", "0"), s -> s.groupId = null)).isFalse();
    }

    @Test
    void assigneeByIdNobodyOrBot() {
        assertThat(holds(c("assignee", "is", "11"))).isTrue();
        assertThat(holds(c("assignee", "is", "12"))).isFalse();
        assertThat(holds(c("assignee", "is", "nobody"))).isFalse();
        assertThat(holds(c("assignee", "is", "nobody"), s -> s.staffId = null)).isTrue();
        assertThat(holds(c("assignee", "is", "11"), s -> s.staffId = null)).isFalse();
        assertThat(holds(c("assignee", "is", "bot"))).isFalse();
        assertThat(holds(c("assignee", "is", "bot"), s -> s.staffId = 66L)).isTrue();
        assertThat(holds(c("assignee", "is", "bot"), s -> s.staffId = null)).isFalse();
        assertThat(holds(c("assignee", "is", "12", "nobody", "bot"), s -> s.staffId = 66L)).isTrue();
        assertThat(holds(c("assignee", "is_not", "bot"), s -> s.staffId = 66L)).isFalse();
        assertThat(holds(c("assignee", "is_not", "bot"))).isTrue();
        assertThat(holds(c("assignee", "is_not", "nobody"))).isTrue();
        assertThat(holds(c("assignee", "is_not", "nobody"), s -> s.staffId = null)).isFalse();
        assertThat(holds(c("assignee", "is_not", "11"))).isFalse();
    }

    @Test
    void labelsPresentOrAbsent() {
        // the case has labels 1 and 2
        assertThat(holds(c("labels", "include_any", "2", "3"))).isTrue();
        assertThat(holds(c("labels", "include_any", "3", "4"))).isFalse();
        assertThat(holds(c("labels", "include_all", "1", "2"))).isTrue();
        assertThat(holds(c("labels", "include_all", "1", "2", "3"))).isFalse();
        assertThat(holds(c("labels", "exclude", "3", "4"))).isTrue();
        assertThat(holds(c("labels", "exclude", "3", "1"))).isFalse();
        assertThat(holds(c("labels", "include_any", "1"), s -> s.labels = List.of())).isFalse();
        assertThat(holds(c("labels", "exclude", "1"), s -> s.labels = List.of())).isTrue();
    }

    @Test
    void labelAddedOrRemovedInThisChange() {
        Consumer<RuleContexts> added5 = s -> s.labelsAdded = List.of(5L);
        Consumer<RuleContexts> removed5 = s -> s.labelsRemoved = List.of(5L);
        assertThat(holds(c("label_added", "any", "5"), added5)).isTrue();
        assertThat(holds(c("label_added", "any", "6", "5"), added5)).isTrue();
        assertThat(holds(c("label_added", "any", "6"), added5)).isFalse();
        assertThat(holds(c("label_added", "any"), added5)).as("no ids: any label").isTrue();
        assertThat(holds(c("label_added", "any"))).as("nothing added").isFalse();
        assertThat(holds(c("label_added", "any", "5"), removed5)).isFalse();
        // labels present on the case are not "added in this change"
        assertThat(holds(c("label_added", "any", "1"))).isFalse();

        assertThat(holds(c("label_removed", "any", "5"), removed5)).isTrue();
        assertThat(holds(c("label_removed", "any"), removed5)).isTrue();
        assertThat(holds(c("label_removed", "any", "6"), removed5)).isFalse();
        assertThat(holds(c("label_removed", "any"), added5)).isFalse();
    }

    @Test
    void kindOfChange() {
        for (Change kind : Change.values()) {
            Consumer<RuleContexts> only = s -> s.changes = Set.of(kind);
            assertThat(holds(c("change", "is", kind.code()), only)).as(kind.code()).isTrue();
            List<String> others = new ArrayList<>(EnumSet.complementOf(EnumSet.of(kind)).stream().map(Change::code).toList());
            assertThat(holds(c("change", "is", others.toArray(String[]::new)), only)).as("not " + kind.code()).isFalse();
        }
        Consumer<RuleContexts> two = s -> s.changes = EnumSet.of(Change.STATUS_CHANGED, Change.PRIORITY_CHANGED);
        assertThat(holds(c("change", "is", "priority_changed"), two)).isTrue();
        assertThat(holds(c("change", "is", "status_changed"), two)).isTrue();
        assertThat(holds(c("change", "is", "assignee_changed"), two)).isFalse();
    }

    @Test
    void messageText() {
        Consumer<RuleContexts> text = s -> s.messageText = "I want a REFUND for order #123";
        assertThat(holds(c("message_text", "contains", "refund"), text)).as("ignoring case").isTrue();
        assertThat(holds(c("message_text", "contains", "cancel", "order #1"), text)).isTrue();
        assertThat(holds(c("message_text", "contains", "cancel"), text)).isFalse();
        assertThat(holds(c("message_text", "not_contains", "cancel", "delete"), text)).isTrue();
        assertThat(holds(c("message_text", "not_contains", "cancel", "Refund"), text)).isFalse();
        assertThat(holds(c("message_text", "matches", "#\\d{3}\\b"), text)).isTrue();
        assertThat(holds(c("message_text", "matches", "^I want"), text)).isTrue();
        assertThat(holds(c("message_text", "matches", "#\\d{4}"), text)).isFalse();
        assertThat(holds(c("message_text", "matches", "(?i)^i WANT"), text)).isTrue();
        assertThat(holds(c("message_text", "matches", "nothing", "REFUND"), text)).isTrue();
        // no message (a label change): empty text
        Consumer<RuleContexts> none = s -> s.messageText = null;
        assertThat(holds(c("message_text", "contains", "a"), none)).isFalse();
        assertThat(holds(c("message_text", "not_contains", "a"), none)).isTrue();
        assertThat(holds(c("message_text", "matches", "^$"), none)).isTrue();
    }

    @Test
    void subject() {
        // the subject is "Where is my order?"
        assertThat(holds(c("subject", "contains", "MY ORDER"))).isTrue();
        assertThat(holds(c("subject", "contains", "invoice"))).isFalse();
        assertThat(holds(c("subject", "not_contains", "invoice"))).isTrue();
        assertThat(holds(c("subject", "not_contains", "order"))).isFalse();
        assertThat(holds(c("subject", "matches", "order\\?$"))).isTrue();
        assertThat(holds(c("subject", "matches", "^order"))).isFalse();
        // the subject, not the message
        assertThat(holds(c("subject", "contains", "hello"))).isFalse();
        assertThat(holds(c("message_text", "contains", "order"))).isFalse();
    }

    @Test
    void userFields() {
        assertThat(holds(user("email", "equals", "ANNA@example.com"))).isTrue();
        assertThat(holds(user("email", "equals", "anna@example"))).isFalse();
        assertThat(holds(user("email", "contains", "@example."))).isTrue();
        assertThat(holds(user("phone", "equals", "+15551234567"))).isTrue();
        assertThat(holds(user("phone", "equals", "+15551234568"))).isFalse();
        assertThat(holds(user("full_name", "equals", "anna karenina"))).isTrue();
        assertThat(holds(user("full_name", "equals", "anna"))).isFalse();
        assertThat(holds(user("full_name", "contains", "KAREN"))).isTrue();
        assertThat(holds(user("custom_id", "equals", "visitor-7"))).isTrue();
        assertThat(holds(user("custom_id", "equals", "visitor-8"))).isFalse();
        assertThat(holds(user("company_name", "equals", "acme ltd"))).isTrue();
        assertThat(holds(user("company_name", "contains", "globex"))).isFalse();
        assertThat(holds(user("email", "equals", "x@y.z", "anna@example.com"))).isTrue();
        // a user without these fields
        Consumer<RuleContexts> bare = s -> {
            s.identities = new ArrayList<>(List.of(Identity.custom("cch5", "v")));
            s.fullName = null;
            s.companyName = null;
        };
        assertThat(holds(user("email", "contains", "@"), bare)).isFalse();
        assertThat(holds(user("full_name", "contains", "a"), bare)).isFalse();
        assertThat(holds(user("company_name", "equals", "acme ltd"), bare)).isFalse();
    }

    @Test
    void allOfAndAnyOf() {
        RuleContext ctx = new RuleContexts().build();
        Condition yes = c("status", "is", "open");
        Condition yes2 = c("priority", "is", "normal");
        Condition no = c("status", "is", "closed");
        Condition no2 = c("priority", "is", "low");

        assertThat(conditions.match(new RuleDefinition(null, null, null, null), ctx, BOTS)).as("no conditions").isTrue();
        assertThat(conditions.match(new RuleDefinition(List.of(yes, yes2), null, null, null), ctx, BOTS)).isTrue();
        assertThat(conditions.match(new RuleDefinition(List.of(yes, no), null, null, null), ctx, BOTS)).isFalse();
        assertThat(conditions.match(new RuleDefinition(null, List.of(no, yes), null, null), ctx, BOTS)).isTrue();
        assertThat(conditions.match(new RuleDefinition(null, List.of(no, no2), null, null), ctx, BOTS)).isFalse();
        assertThat(conditions.match(new RuleDefinition(List.of(yes), List.of(no, yes2), null, null), ctx, BOTS)).isTrue();
        assertThat(conditions.match(new RuleDefinition(List.of(no), List.of(yes), null, null), ctx, BOTS)).isFalse();
        assertThat(conditions.match(new RuleDefinition(List.of(yes), List.of(no), null, null), ctx, BOTS)).isFalse();
    }

    @Test
    void conditionsSeeTheChangesOfEarlierRulesInThePass() {
        RuleContext ctx = new RuleContexts().build();
        ctx.status = "waiting";
        ctx.priority = "high";
        ctx.groupId = null;
        ctx.staffId = null;
        ctx.labels.add(3L);
        assertThat(conditions.test(c("status", "is", "waiting"), ctx, BOTS)).isTrue();
        assertThat(conditions.test(c("priority", "is", "high"), ctx, BOTS)).isTrue();
        assertThat(conditions.test(c("group", "is", "0"), ctx, BOTS)).isTrue();
        assertThat(conditions.test(c("assignee", "is", "nobody"), ctx, BOTS)).isTrue();
        assertThat(conditions.test(c("labels", "include_all", "1", "2", "3"), ctx, BOTS)).isTrue();
    }
}
