package dev.switchboard.rules;

import static dev.switchboard.rules.RuleFixtures.act;
import static dev.switchboard.rules.RuleFixtures.cond;
import static dev.switchboard.rules.RuleFixtures.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.rules.RuleFixtures.TestChannel;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.WebhookReceiver.Hit;
import dev.switchboard.support.Webhooks;

/** Each action of the rules (except HTTP requests), observed through the API and the channel's webhook. */
class RuleActionsTest extends SwitchboardTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

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

    private long caseId(JsonNode deskCase) {
        return deskCase.get("case_id").asLong();
    }

    @Test
    void assignSetGroupStatusPriorityAndAddLabels() {
        TestChannel ch = fx().channel("async");
        long person = fx().staff().get("staff_id").asLong();
        long group = fx().group();
        long l1 = fx().label();
        long l2 = fx().label();
        long rule = fx().rule("new_case", ch, List.of(), List.of(act("assign", "staff_id", person),
                act("set_group", "group_id", group), act("set_status", "status", "waiting"),
                act("set_priority", "priority", "critical"), act("add_labels", "label_ids", List.of(l1, l2))));

        JsonNode created = fx().newCase(ch, "Hello");

        for (JsonNode deskCase : List.of(created, fx().caseOf(caseId(created)))) {
            assertThat(deskCase.get("staff_id").asLong()).isEqualTo(person);
            assertThat(deskCase.get("group_id").asLong()).isEqualTo(group);
            assertThat(deskCase.get("status").asText()).isEqualTo("waiting");
            assertThat(deskCase.get("priority").asText()).isEqualTo("critical");
            assertThat(ids(deskCase.get("labels"))).containsExactlyInAnyOrder(l1, l2);
        }
        assertThat(fx().fired(caseId(created))).containsExactly(rule);
    }

    @Test
    void assignNobodyGroupNoneAndRemoveLabels() {
        TestChannel ch = fx().channel("async");
        long person = fx().staff().get("staff_id").asLong();
        long group = fx().group();
        long l1 = fx().label();
        long l2 = fx().label();
        fx().rule("changed_case", ch, List.of(cond("change", "is", "note")), List.of(act("assign_nobody"),
                act("set_group", "group_id", 0), act("remove_labels", "label_ids", List.of(l1))));
        JsonNode created = fx().newCase(ch, "Hello", "staff_id", person, "group_id", group, "labels", List.of(l1, l2));
        assertThat(created.get("staff_id").asLong()).isEqualTo(person);

        fx().note(caseId(created), "trigger");

        JsonNode after = fx().caseOf(caseId(created));
        assertThat(after.get("staff_id").asLong()).isZero();
        assertThat(after.get("group_id").asLong()).isZero();
        assertThat(ids(after.get("labels"))).containsExactly(l2);
    }

    @Test
    void closingAndReopeningByRuleKeepsClosedAtRight() {
        TestChannel ch = fx().channel("async");
        fx().rule("new_case", ch, List.of(), List.of(act("set_status", "status", "closed")));
        fx().rule("changed_case", ch, List.of(cond("change", "is", "note")), List.of(act("set_status", "status", "open")));

        JsonNode created = fx().newCase(ch, "Hello");
        assertThat(created.get("status").asText()).isEqualTo("closed");
        assertThat(created.get("closed_at").asText()).isNotBlank().isNotEqualTo("-");

        fx().note(caseId(created), "reopen");
        JsonNode reopened = fx().caseOf(caseId(created));
        assertThat(reopened.get("status").asText()).isEqualTo("open");
        assertThat(reopened.get("closed_at").asText()).isEqualTo("-");
    }

    @Test
    void sendMessageReachesTheCustomerAsSentViaRule() {
        TestChannel ch = fx().channel("async");
        fx().rule("new_case", ch, List.of(), List.of(
                act("send_message", "content", "Hi [user_full_name], we got \"[message_text]\" as [case_number].")));

        JsonNode created = fx().newCase(ch, "Where is \"it\"?", "user_full_name", "Anna", "user_custom_id", "v-send");
        String expected = "Hi Anna, we got \"Where is \"it\"?\" as " + created.get("case_number").asText() + ".";

        List<JsonNode> messages = fx().messages(caseId(created));
        assertThat(messages).hasSize(2);
        JsonNode sent = messages.get(1);
        assertThat(sent.get("content").asText()).isEqualTo(expected);
        assertThat(sent.get("sent_via_rule").asBoolean()).isTrue();
        assertThat(sent.get("note").asBoolean()).isFalse();
        assertThat(sent.get("author").asText()).isEqualTo("rule");
        assertThat(messages.get(0).get("sent_via_rule").asBoolean()).isFalse();

        Hit hit = await().atMost(PATIENCE).until(() -> RuleFixtures.CHANNEL_HOOKS.delivered(ch.hookPath()),
                hits -> !hits.isEmpty()).get(0);
        JsonNode object = Webhooks.json(hit).get("object");
        assertThat(object.get("message_id").asLong()).isEqualTo(sent.get("message_id").asLong());
        assertThat(object.get("content").asText()).isEqualTo(expected);
        assertThat(object.get("sent_via_rule").asInt()).isEqualTo(1);
        assertThat(object.get("note").asInt()).isZero();
        assertThat(object.get("custom_user_id").asText()).isEqualTo("v-send");
    }

    @Test
    void addNoteIsAnInternalNoteByTheRule() {
        TestChannel ch = fx().channel("async");
        fx().rule("new_case", ch, List.of(), List.of(act("add_note", "content", "Routed: case [case_id] on [channel]")));

        JsonNode created = fx().newCase(ch, "Hello");

        List<JsonNode> messages = fx().messages(caseId(created));
        assertThat(messages).hasSize(2);
        JsonNode note = messages.get(1);
        assertThat(note.get("content").asText()).isEqualTo("Routed: case " + caseId(created) + " on " + ch.code());
        assertThat(note.get("note").asBoolean()).isTrue();
        assertThat(note.get("sent_via_rule").asBoolean()).isTrue();
        Hit hit = await().atMost(PATIENCE).until(() -> RuleFixtures.CHANNEL_HOOKS.delivered(ch.hookPath()),
                hits -> !hits.isEmpty()).get(0);
        assertThat(Webhooks.json(hit).get("object").get("note").asInt()).isEqualTo(1);
    }

    @Test
    void endChatEndsTheLiveChatAndSetsTheStatus() {
        TestChannel ch = fx().channel("sync");
        long rule = fx().rule("new_case", ch, List.of(), List.of(act("end_chat", "status", "waiting")));
        long onEnded = fx().rule("changed_case", ch, List.of(cond("change", "is", "chat_ended")),
                List.of(act("add_note", "content", "chat ended")));

        JsonNode created = fx().newCase(ch, "Hello");

        assertThat(created.get("chat_state").asText()).isEqualTo("ended");
        assertThat(created.get("status").asText()).isEqualTo("waiting");
        JsonNode chat = fx().caseOf(caseId(created)).get("chat");
        assertThat(chat.get("active").asBoolean()).isFalse();
        assertThat(chat.get("ended_by").asText()).isEqualTo("rule");
        assertThat(chat.get("ended_by_rule_id").asLong()).isEqualTo(rule);
        assertThat(admin().get("/api/chats.json?channel=" + ch.code()).json().get("total_count").asInt()).isZero();
        // the rule's own chat ending is no outside change
        assertThat(fx().fired(caseId(created))).containsExactly(rule).doesNotContain(onEnded);
    }

    @Test
    void endChatWithoutStatusKeepsTheStatus() {
        TestChannel sync = fx().channel("sync");
        TestChannel async = fx().channel("async");
        fx().rule("new_case", List.of(cond("channel", "is", List.of(sync.code(), async.code()))),
                List.of(act("end_chat")));

        JsonNode chat = fx().newCase(sync, "Hello");
        assertThat(chat.get("chat_state").asText()).isEqualTo("ended");
        assertThat(chat.get("status").asText()).isEqualTo("open");

        JsonNode email = fx().newCase(async, "Hello");
        assertThat(email.get("status").asText()).isEqualTo("open");
        assertThat(fx().firings(caseId(email)).get(0).get("actions").get(0).asText()).contains("no running chat");
    }

    // --- assign_available: an online person of the group, least loaded first, round-robin on ties

    /** Two online people of a new group, created in this order. */
    private List<Long> onlineGroupOfTwo(long group) {
        List<Long> people = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            long id = fx().staff("group_ids", List.of(group)).get("staff_id").asLong();
            fx().staffStatus(id, "online");
            people.add(id);
        }
        return people;
    }

    @Test
    void assignAvailableTakesTurnsWhenLoadsAreEqual() {
        TestChannel ch = fx().channel("async");
        long group = fx().group();
        List<Long> people = onlineGroupOfTwo(group);
        fx().rule("new_case", ch, List.of(), List.of(act("assign_available", "group_id", group)));

        List<Long> assigned = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            assigned.add(fx().newCase(ch, "Hello " + i).get("staff_id").asLong());
        }

        assertThat(assigned).containsOnly(people.get(0), people.get(1));
        assertThat(assigned.get(1)).isNotEqualTo(assigned.get(0));
        assertThat(assigned.get(2)).isEqualTo(assigned.get(0));
        assertThat(assigned.get(3)).isEqualTo(assigned.get(1));
    }

    @Test
    void assignAvailableTakesTheLeastLoadedFirst() {
        TestChannel ch = fx().channel("sync");
        long group = fx().group();
        List<Long> people = onlineGroupOfTwo(group);
        long busy = people.get(0);
        long free = people.get(1);
        // the first person already has two running chats
        for (int i = 0; i < 2; i++) {
            JsonNode running = fx().newCase(ch, "busy " + i, "staff_id", busy);
            assertThat(running.get("chat_state").asText()).isEqualTo("active");
        }
        fx().rule("new_case", ch, List.of(), List.of(act("assign_available", "group_id", group)));

        long first = fx().newCase(ch, "one").get("staff_id").asLong();
        long second = fx().newCase(ch, "two").get("staff_id").asLong();
        long third = fx().newCase(ch, "three").get("staff_id").asLong();

        assertThat(first).as("0 running chats against 2").isEqualTo(free);
        assertThat(second).as("1 running chat against 2").isEqualTo(free);
        assertThat(third).as("2 against 2: the one not assigned last").isEqualTo(busy);
    }

    @Test
    void assignAvailableNeverChoosesOfflineStaffOrBots() {
        TestChannel ch = fx().channel("async");
        long group = fx().group();
        long online = fx().staff("group_ids", List.of(group)).get("staff_id").asLong();
        fx().staffStatus(online, "online");
        // an offline person: never assigned, so it would come first on ties if it counted
        fx().staff("group_ids", List.of(group));
        long bot = fx().staff("group_ids", List.of(group), "bot", true).get("staff_id").asLong();
        fx().staffStatus(bot, "online");
        long outsider = fx().staff().get("staff_id").asLong();
        fx().staffStatus(outsider, "online");
        fx().rule("new_case", ch, List.of(), List.of(act("assign_available", "group_id", group)));

        for (int i = 0; i < 3; i++) {
            assertThat(fx().newCase(ch, "Hello " + i).get("staff_id").asLong()).isEqualTo(online);
        }

        // the only person goes offline: nobody is available, the case stays unassigned
        fx().staffStatus(online, "offline");
        JsonNode unassigned = fx().newCase(ch, "Anyone?");
        assertThat(unassigned.get("staff_id").asLong()).isZero();
        assertThat(fx().firings(unassigned.get("case_id").asLong()).get(0).get("actions").get(0).asText())
                .contains("nobody available");
    }

    @Test
    void assignAvailableOnAChangeReassignsFromTheGroup() {
        TestChannel ch = fx().channel("async");
        long group = fx().group();
        long member = fx().staff("group_ids", List.of(group)).get("staff_id").asLong();
        fx().staffStatus(member, "online");
        fx().rule("changed_case", ch, List.of(cond("change", "is", "group_changed"), cond("group", "is",
                Long.toString(group))), List.of(act("assign_available", "group_id", group)));
        JsonNode created = fx().newCase(ch, "Hello");
        assertThat(created.get("staff_id").asLong()).isZero();

        JsonNode moved = fx().update(caseId(created), "group_id", group);

        assertThat(moved.get("staff_id").asLong()).isEqualTo(member);
        assertThat(fx().caseOf(caseId(created)).get("staff_id").asLong()).isEqualTo(member);
        assertThat(fx().fired(caseId(created))).hasSize(1);
    }
}
