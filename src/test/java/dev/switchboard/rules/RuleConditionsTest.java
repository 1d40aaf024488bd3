package dev.switchboard.rules;

import static dev.switchboard.rules.RuleFixtures.act;
import static dev.switchboard.rules.RuleFixtures.cond;
import static dev.switchboard.rules.RuleFixtures.map;
import static dev.switchboard.rules.RuleFixtures.userCond;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.rules.RuleFixtures.TestChannel;
import dev.switchboard.support.SwitchboardTest;

/**
 * Each condition of the rules, observed through the API: which rules fired on a case
 * ({@code GET /api/cases/{id}/rule_firings.json}) after it was created or changed.
 */
class RuleConditionsTest extends SwitchboardTest {

    private static final List<Map<String, Object>> NOTE = List.of(act("add_note", "content", "fired"));

    private RuleFixtures fx;

    private RuleFixtures fx() {
        if (fx == null) {
            fx = new RuleFixtures(admin());
        }
        return fx;
    }

    @AfterEach
    void deleteRules() {
        if (fx != null) {
            fx.cleanup();
        }
    }

    private long newCaseRule(TestChannel channel, Map<String, Object> condition) {
        return fx().rule("new_case", channel, List.of(condition), NOTE);
    }

    private long changedCaseRule(TestChannel channel, Map<String, Object> condition) {
        return fx().rule("changed_case", channel, List.of(condition), NOTE);
    }

    private List<Long> firedOnNew(TestChannel channel, Object... fields) {
        return fx().fired(fx().newCase(channel, "Hello", fields).get("case_id").asLong());
    }

    @Test
    void statusAndPriority() {
        TestChannel ch = fx().channel("async");
        long waiting = newCaseRule(ch, cond("status", "is", "waiting"));
        long notOpen = newCaseRule(ch, cond("status", "is_not", List.of("open", "closed")));
        long urgent = newCaseRule(ch, cond("priority", "is", List.of("high", "critical")));
        long notNormal = newCaseRule(ch, cond("priority", "is_not", "normal"));

        assertThat(firedOnNew(ch, "status", "waiting")).containsExactly(waiting, notOpen);
        assertThat(firedOnNew(ch)).isEmpty();
        assertThat(firedOnNew(ch, "priority", "critical")).containsExactly(urgent, notNormal);
        assertThat(firedOnNew(ch, "priority", "low")).containsExactly(notNormal);
    }

    @Test
    void channelAndChannelType() {
        TestChannel sync = fx().channel("sync");
        TestChannel async = fx().channel("async");
        List<String> both = List.of(sync.code(), async.code());
        long notSync = fx().rule("new_case", List.of(cond("channel", "is", both),
                cond("channel", "is_not", sync.code())), NOTE);
        long typeSync = fx().rule("new_case", List.of(cond("channel", "is", both),
                cond("channel_type", "is", "sync")), NOTE);
        long typeNotSync = fx().rule("new_case", List.of(cond("channel", "is", both),
                cond("channel_type", "is_not", "sync")), NOTE);

        assertThat(firedOnNew(sync)).containsExactly(typeSync);
        assertThat(firedOnNew(async)).containsExactly(notSync, typeNotSync);
        // a third channel is none of these rules' business
        assertThat(firedOnNew(fx().channel("sync"))).isEmpty();
    }

    @Test
    void group() {
        TestChannel ch = fx().channel("async");
        long g = fx().group();
        long other = fx().group();
        long inG = newCaseRule(ch, cond("group", "is", Long.toString(g)));
        long none = newCaseRule(ch, cond("group", "is", "0"));
        long notG = newCaseRule(ch, cond("group", "is_not", Long.toString(g)));

        assertThat(firedOnNew(ch, "group_id", g)).containsExactly(inG);
        assertThat(firedOnNew(ch)).containsExactly(none, notG);
        assertThat(firedOnNew(ch, "group_id", other)).containsExactly(notG);
    }

    @Test
    void assigneeAStaffMemberNobodyOrABot() {
        TestChannel ch = fx().channel("async");
        long person = fx().staff().get("staff_id").asLong();
        long bot = fx().staff("bot", true).get("staff_id").asLong();
        long isPerson = newCaseRule(ch, cond("assignee", "is", Long.toString(person)));
        long isNobody = newCaseRule(ch, cond("assignee", "is", "nobody"));
        long isBot = newCaseRule(ch, cond("assignee", "is", "bot"));
        long isSomebody = newCaseRule(ch, cond("assignee", "is_not", "nobody"));
        long notBot = newCaseRule(ch, cond("assignee", "is_not", "bot"));

        assertThat(firedOnNew(ch, "staff_id", person)).containsExactly(isPerson, isSomebody, notBot);
        assertThat(firedOnNew(ch)).containsExactly(isNobody, notBot);
        assertThat(firedOnNew(ch, "staff_id", bot)).containsExactly(isBot, isSomebody);
    }

    @Test
    void labelsPresentAndAbsent() {
        TestChannel ch = fx().channel("async");
        long l1 = fx().label();
        long l2 = fx().label();
        long l3 = fx().label();
        long any = newCaseRule(ch, cond("labels", "include_any", List.of(Long.toString(l1), Long.toString(l3))));
        long all = newCaseRule(ch, cond("labels", "include_all", List.of(Long.toString(l1), Long.toString(l2))));
        long without = newCaseRule(ch, cond("labels", "exclude", Long.toString(l2)));

        assertThat(firedOnNew(ch, "labels", List.of(l1, l2))).containsExactly(any, all);
        assertThat(firedOnNew(ch, "labels", List.of(l3))).containsExactly(any, without);
        assertThat(firedOnNew(ch, "labels", List.of(l2))).isEmpty();
        assertThat(firedOnNew(ch)).containsExactly(without);
    }

    @Test
    void labelAddedAndRemovedInThisChange() {
        TestChannel ch = fx().channel("async");
        long l1 = fx().label();
        long l2 = fx().label();
        long added1 = changedCaseRule(ch, cond("label_added", "any", Long.toString(l1)));
        long addedAny = changedCaseRule(ch, map("field", "label_added", "operator", "any"));
        long removed1 = changedCaseRule(ch, cond("label_removed", "any", Long.toString(l1)));
        long removedAny = changedCaseRule(ch, map("field", "label_removed", "operator", "any"));
        long caseId = fx().newCase(ch, "Hello").get("case_id").asLong();

        assertThat(fx().update(caseId, "add_labels", List.of(l2)).get("labels")).extracting(JsonNode::asLong)
                .containsExactly(l2);
        assertThat(fx().fired(caseId)).containsExactly(addedAny);

        fx().update(caseId, "add_labels", List.of(l1));
        assertThat(fx().fired(caseId)).containsExactly(addedAny, added1, addedAny);

        // adding a label the case already has is no change: nothing runs
        fx().update(caseId, "add_labels", List.of(l1));
        assertThat(fx().fired(caseId)).hasSize(3);

        fx().update(caseId, "delete_labels", List.of(l2));
        assertThat(fx().fired(caseId)).containsExactly(addedAny, added1, addedAny, removedAny);

        fx().update(caseId, "delete_labels", List.of(l1));
        assertThat(fx().fired(caseId)).containsExactly(addedAny, added1, addedAny, removedAny, removed1, removedAny);
        assertThat(fx().caseOf(caseId).get("labels")).isEmpty();
    }

    @Test
    void messageTextContainsNotContainsMatches() {
        TestChannel ch = fx().channel("async");
        long refund = newCaseRule(ch, cond("message_text", "contains", List.of("refund", "money back")));
        long orderNo = newCaseRule(ch, cond("message_text", "matches", "order #\\d{3,}\\b"));
        long noThanks = newCaseRule(ch, cond("message_text", "not_contains", "thanks"));

        assertThat(fx().fired(fx().newCase(ch, "I want a REFUND now").get("case_id").asLong()))
                .containsExactly(refund, noThanks);
        assertThat(fx().fired(fx().newCase(ch, "Thanks! About order #1234 ...").get("case_id").asLong()))
                .containsExactly(orderNo);
        assertThat(fx().fired(fx().newCase(ch, "thanks, order #12").get("case_id").asLong())).isEmpty();
    }

    @Test
    void messageTextIsTheTextOfTheMessageThatCausedTheChange() {
        TestChannel ch = fx().channel("async");
        long urgent = changedCaseRule(ch, cond("message_text", "contains", "urgent"));
        JsonNode deskCase = fx().newCase(ch, "urgent from the start");
        long caseId = deskCase.get("case_id").asLong();
        assertThat(fx().fired(caseId)).as("not a new_case rule").isEmpty();

        fx().customerWrites(deskCase, "This is URGENT");
        assertThat(fx().fired(caseId)).containsExactly(urgent);
        fx().customerWrites(deskCase, "calm now");
        fx().staffWrites(caseId, "we are on it");
        fx().update(caseId, "status", "waiting");
        assertThat(fx().fired(caseId)).containsExactly(urgent);
        fx().note(caseId, "an urgent note");
        fx().staffWrites(caseId, "Still urgent?");
        assertThat(fx().fired(caseId)).containsExactly(urgent, urgent, urgent);
    }

    @Test
    void subjectContainsNotContainsMatches() {
        TestChannel ch = fx().channel("async");
        long invoice = newCaseRule(ch, cond("subject", "contains", "invoice"));
        long order = newCaseRule(ch, cond("subject", "matches", "^Order \\d+$"));
        long notSpam = newCaseRule(ch, cond("subject", "not_contains", "spam"));

        assertThat(firedOnNew(ch, "subject", "Your INVOICE 7")).containsExactly(invoice, notSpam);
        assertThat(firedOnNew(ch, "subject", "Order 42")).containsExactly(order, notSpam);
        assertThat(firedOnNew(ch, "subject", "Order 42 spam")).isEmpty();
        // without a subject it is made from the message
        assertThat(fx().fired(fx().newCase(ch, "invoice missing").get("case_id").asLong()))
                .containsExactly(invoice, notSpam);
    }

    @Test
    void userFieldEqualsAndContains() {
        TestChannel ch = fx().channel("async");
        String unique = UUID.randomUUID().toString().substring(0, 8);
        String email = "anna." + unique + "@example.com";
        String customId = "visitor-" + unique;
        String phone = "+1555" + String.format("%07d", Math.floorMod(unique.hashCode(), 10_000_000));
        long byEmail = newCaseRule(ch, userCond("email", "equals", email.toUpperCase()));
        long byName = newCaseRule(ch, userCond("full_name", "contains", "KAREN"));
        long byCustomId = newCaseRule(ch, userCond("custom_id", "equals", customId));
        long byPhone = newCaseRule(ch, userCond("phone", "equals", phone));
        long byCompany = newCaseRule(ch, userCond("company_name", "equals", "acme " + unique));

        assertThat(firedOnNew(ch, "user_custom_id", customId, "user_email", email, "user_full_name", "Anna Karenina",
                "user_phone", phone, "company_name", "ACME " + unique))
                .containsExactly(byEmail, byName, byCustomId, byPhone, byCompany);
        assertThat(firedOnNew(ch, "user_full_name", "Karen Smith")).containsExactly(byName);
        assertThat(firedOnNew(ch, "user_full_name", "Bob", "user_email", "other." + unique + "@example.com"))
                .isEmpty();
    }

    @Test
    void anyOfNeedsOneAllOfNeedsEvery() {
        TestChannel ch = fx().channel("async");
        long rule = fx().rule(map("title", "any of", "trigger", "new_case",
                "conditions_all", List.of(cond("channel", "is", ch.code()), cond("subject", "not_contains", "skip")),
                "conditions_any", List.of(cond("status", "is", "waiting"), cond("priority", "is", "high")),
                "actions", NOTE));

        assertThat(firedOnNew(ch, "status", "waiting")).containsExactly(rule);
        assertThat(firedOnNew(ch, "priority", "high")).containsExactly(rule);
        assertThat(firedOnNew(ch, "status", "waiting", "priority", "high")).containsExactly(rule);
        assertThat(firedOnNew(ch)).isEmpty();
        assertThat(firedOnNew(ch, "status", "waiting", "subject", "skip me")).isEmpty();
    }

    @Test
    void anInactiveRuleDoesNotRun() {
        TestChannel ch = fx().channel("async");
        long rule = fx().rule(map("title", "inactive", "trigger", "new_case", "active", false,
                "conditions_all", List.of(cond("channel", "is", ch.code())), "actions", NOTE));
        assertThat(firedOnNew(ch)).isEmpty();

        assertThat(admin().put("/api/rules/" + rule + ".json", Map.of("rule", Map.of("active", true))).status())
                .isEqualTo(200);
        assertThat(firedOnNew(ch)).containsExactly(rule);
    }
}
