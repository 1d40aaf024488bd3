package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * Conversations end to end: a customer's activity becomes a case, a staff reply becomes a reply
 * Activity at the conversation's serviceUrl; 1:1 conversations and groups.
 */
class BotFrameworkRoundTripTest extends BotFrameworkAppTest {

    @Test
    void aCustomerMessageBecomesACaseAndTheStaffReplyAnswersIt() {
        String conversation = newConversation();
        ObjectNode message = fixture(SUPPORT, "message-skype", conversation);
        accepted(SUPPORT, message);

        long caseId = awaitCase(SUPPORT, conversation);
        JsonNode deskCase = deskCase(caseId);
        assertThat(deskCase.get("channel").asText()).isEqualTo("bf-support");
        assertThat(deskCase.get("chat_state").asText()).isEqualTo("active");
        assertThat(contents(caseId)).containsExactly("Hello, my order #1042 has not arrived yet");
        JsonNode listed = conversation(SUPPORT, conversation).orElseThrow();
        assertThat(listed.get("is_group").asBoolean()).isFalse();
        assertThat(listed.get("user_id").asLong()).isEqualTo(deskCase.get("user_id").asLong());

        staffReplies(caseId, "It ships today, Alice.");
        RecordedRequest reply = awaitDelivered(SUPPORT, conversation, 1).get(0);
        assertThat(reply.operation()).isEqualTo("replyToActivity");
        assertThat(reply.conversationId()).isEqualTo(conversation);
        assertThat(reply.activityId()).isEqualTo(message.get("id").asText());
        assertThat(reply.authorization()).startsWith("Bearer ");
        JsonNode activity = reply.json();
        assertThat(activity.get("type").asText()).isEqualTo("message");
        assertThat(activity.get("text").asText()).isEqualTo("It ships today, Alice.");
        assertThat(activity.get("from").get("id").asText()).isEqualTo("28:" + fake(SUPPORT).appId());
        assertThat(activity.get("recipient").get("id").asText()).isEqualTo(message.get("from").get("id").asText());
        assertThat(activity.get("conversation").get("id").asText()).isEqualTo(conversation);
        assertThat(activity.get("replyToId").asText()).isEqualTo(message.get("id").asText());
        assertThat(activity.has("suggestedActions")).isFalse();

        // the customer writes again: the same case; the next reply answers the newest activity
        ObjectNode again = message(SUPPORT, conversation, "And the invoice?");
        again.set("from", message.get("from"));
        accepted(SUPPORT, again);
        await().atMost(PATIENCE).until(() -> contents(caseId), c -> c.size() == 3);
        assertThat(contents(caseId)).containsExactly("Hello, my order #1042 has not arrived yet",
                "It ships today, Alice.", "And the invoice?");
        staffReplies(caseId, "Attached tomorrow.");
        RecordedRequest second = awaitDelivered(SUPPORT, conversation, 2).get(1);
        assertThat(second.activityId()).isEqualTo(again.get("id").asText());
        assertThat(second.json().get("replyToId").asText()).isEqualTo(again.get("id").asText());
        assertThat(cases(SUPPORT).stream().filter(c -> c.get("case_id").asLong() == caseId)).hasSize(1);
    }

    @Test
    void textBeyondAsciiArrivesIntactBothWays() {
        String conversation = newConversation();
        String text = "Grüße aus Köln – 你好 😀";
        ObjectNode message = message(SUPPORT, conversation, text);
        // JSON is UTF-8 whether or not the Content-Type says so
        var answer = post(endpoint(SUPPORT), "application/json",
                message.toString().getBytes(StandardCharsets.UTF_8), fake(SUPPORT).authorization(message, Auth.VALID));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        long caseId = awaitCase(SUPPORT, conversation);
        assertThat(contents(caseId)).containsExactly(text);

        staffReplies(caseId, "Danke schön – 谢谢 👍");
        assertThat(texts(awaitDelivered(SUPPORT, conversation, 1))).containsExactly("Danke schön – 谢谢 👍");
    }

    @Test
    void aGroupIsOneCaseWhoeverWritesEachMessageNamedByItsAuthorWithoutTheBotsMention() {
        String group = newGroup();
        ObjectNode mention = fixture(SUPPORT, "message-skype-group-mention", group);
        accepted(SUPPORT, mention);
        long caseId = awaitCase(SUPPORT, group);
        assertThat(contents(caseId)).containsExactly(
                "Bob Example: can you help? @Alice Example has the same problem");

        String appId = fake(SUPPORT).appId();
        ObjectNode alice = fake(SUPPORT).activity("message").group(group, "Shop support")
                .from("29:1alice-" + uid(), "Alice Example")
                .text("<at id=\"28:" + appId + "\">Switchboard</at> same here")
                .mention("28:" + appId, "Switchboard", "<at id=\"28:" + appId + "\">Switchboard</at>").build();
        accepted(SUPPORT, alice);
        await().atMost(PATIENCE).until(() -> contents(caseId), c -> c.size() == 2);
        assertThat(contents(caseId)).containsExactly(
                "Bob Example: can you help? @Alice Example has the same problem",
                "Alice Example: same here");

        JsonNode listed = conversation(SUPPORT, group).orElseThrow();
        assertThat(listed.get("is_group").asBoolean()).isTrue();
        assertThat(listed.get("title").asText()).isEqualTo("Shop support");
        assertThat(listed.get("case_id").asLong()).isEqualTo(caseId);
        List<JsonNode> groupCases = cases(SUPPORT).stream()
                .filter(c -> c.get("user_id").asLong() == listed.get("user_id").asLong()).toList();
        assertThat(groupCases).extracting(c -> c.get("case_id").asLong()).containsExactly(caseId);
        JsonNode customer = admin().get("/api/users/" + listed.get("user_id").asLong() + ".json").json()
                .get("user");
        assertThat(customer.get("user_full_name").asText()).isEqualTo("Shop support");

        staffReplies(caseId, "We are on it, both of you.");
        RecordedRequest reply = awaitDelivered(SUPPORT, group, 1).get(0);
        assertThat(reply.conversationId()).isEqualTo(group);
        JsonNode activity = reply.json();
        assertThat(activity.get("conversation").get("id").asText()).isEqualTo(group);
        assertThat(activity.get("conversation").get("isGroup").asBoolean()).isTrue();
        assertThat(activity.get("from").get("id").asText()).isEqualTo("28:" + appId);
        assertThat(activity.get("replyToId").asText()).isEqualTo(alice.get("id").asText());
        assertThat(activity.get("text").asText()).isEqualTo("We are on it, both of you.");
    }
}
