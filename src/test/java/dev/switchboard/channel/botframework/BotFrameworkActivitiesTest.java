package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * What each kind of activity does: messages are stored once however often they come;
 * membership and contact changes are recorded on the conversation (and noted on its case), never
 * as customer messages; endOfConversation and silence end the chat; the rest is acknowledged and
 * ignored.
 */
class BotFrameworkActivitiesTest extends BotFrameworkAppTest {

    @Test
    void theSameActivityTwiceIsOneMessage() {
        String conversation = newConversation();
        ObjectNode message = message(SUPPORT, conversation, "only once");
        accepted(SUPPORT, message);
        accepted(SUPPORT, message);
        accepted(SUPPORT, message.deepCopy().put("text", "a changed copy of the same activity"));
        // a later activity of the conversation: once it is stored, so would the copies be
        accepted(SUPPORT, message(SUPPORT, conversation, "barrier"));
        long caseId = awaitCase(SUPPORT, conversation);
        await().atMost(PATIENCE).until(() -> contents(caseId), c -> c.contains("barrier"));
        assertThat(contents(caseId)).containsExactly("only once", "barrier");
    }

    @Test
    void twoCopiesSentTogetherAreOneMessage() throws Exception {
        String conversation = newConversation();
        ObjectNode message = message(SUPPORT, conversation, "sent twice at once");
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<FakeBotConnector.Delivery>> copies = List.of(1, 2).stream()
                .map(n -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return fake(SUPPORT).send(endpoint(SUPPORT), message);
                })).toList();
        start.countDown();
        for (CompletableFuture<FakeBotConnector.Delivery> copy : copies) {
            assertThat(copy.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        accepted(SUPPORT, message(SUPPORT, conversation, "barrier"));
        long caseId = awaitCase(SUPPORT, conversation);
        await().atMost(PATIENCE).until(() -> contents(caseId), c -> c.contains("barrier"));
        assertThat(contents(caseId)).containsExactly("sent twice at once", "barrier");
        assertThat(conversations(SUPPORT).stream().filter(c -> c.get("conversation_key").asText()
                .equals(conversation))).hasSize(1);
    }

    @Test
    void manyConversationsAtOnceAreEachStoredOnceAndInOrder() throws Exception {
        // the consumers' messages share commits: a batch must keep each conversation's order, store
        // each message once however many copies come, and lose none
        List<String> conversations = java.util.stream.IntStream.range(0, 12).mapToObj(n -> newConversation()).toList();
        List<String> texts = java.util.stream.IntStream.range(0, 8).mapToObj(n -> "message " + n).toList();
        List<CompletableFuture<Void>> senders = conversations.stream().map(conversation -> CompletableFuture.runAsync(
                () -> texts.forEach(text -> {
                    ObjectNode activity = message(SUPPORT, conversation, text);
                    accepted(SUPPORT, activity);
                    accepted(SUPPORT, activity);
                }))).toList();
        for (CompletableFuture<Void> sender : senders) {
            sender.get(60, TimeUnit.SECONDS);
        }
        // a last message per conversation: once it is stored, so would any copy before it be
        conversations.forEach(conversation -> accepted(SUPPORT, message(SUPPORT, conversation, "barrier")));
        List<String> expected = new java.util.ArrayList<>(texts);
        expected.add("barrier");
        for (String conversation : conversations) {
            long caseId = awaitCase(SUPPORT, conversation);
            await().atMost(PATIENCE).until(() -> contents(caseId), c -> c.contains("barrier"));
            assertThat(contents(caseId)).as(conversation).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void twoConversationsMayUseTheSameActivityId() {
        // Skype's and Teams' activity ids are timestamps: unique in a conversation, not across them
        String id = Long.toString(System.currentTimeMillis());
        String first = newConversation();
        String second = newConversation();
        accepted(SUPPORT, fake(SUPPORT).activity("message").id(id).from(first, "First").conversation(first)
                .text("from the first").build());
        accepted(SUPPORT, fake(SUPPORT).activity("message").id(id).from(second, "Second").conversation(second)
                .text("from the second").build());
        assertThat(contents(awaitCase(SUPPORT, first))).containsExactly("from the first");
        assertThat(contents(awaitCase(SUPPORT, second))).containsExactly("from the second");
    }

    @Test
    void theBotAddedToAGroupIsRecordedAndLaterChangesAreNotedOnItsCase() {
        String group = newGroup();
        accepted(SUPPORT, fixture(SUPPORT, "conversation-update-bot-added", group));
        JsonNode recorded = await().atMost(PATIENCE).until(() -> conversation(SUPPORT, group).orElse(null),
                c -> c != null && !c.get("events").isEmpty());
        assertThat(recorded.get("is_group").asBoolean()).isTrue();
        assertThat(recorded.get("case_id").asLong()).as("no case for a membership change").isZero();
        assertThat(recorded.get("events")).singleElement().satisfies(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("conversationUpdate");
            assertThat(e.get("description").asText()).isEqualTo("joined: the bot");
        });

        accepted(SUPPORT, fake(SUPPORT).activity("message").group(group, "Warehouse").from("29:1bob", "Bob Example")
                .text("hello bot").build());
        long caseId = awaitCase(SUPPORT, group);
        // the group's customer, made by an activity without the group's name, takes the name once known
        assertThat(admin().get("/api/users/" + deskCase(caseId).get("user_id").asLong() + ".json").json()
                .get("user").get("user_full_name").asText()).isEqualTo("Warehouse");
        accepted(SUPPORT, fake(SUPPORT).activity("conversationUpdate").group(group, "Warehouse")
                .from("29:1bob", "Bob Example").memberAdded("29:1carol", "Carol Example")
                .set("membersRemoved", List.of(Map.of("id", "29:1dave", "name", "Dave Example"))).build());

        JsonNode note = await().atMost(PATIENCE).until(() -> messages(caseId), m -> m.size() == 2).get(1);
        assertThat(note.get("note").asBoolean()).isTrue();
        assertThat(note.get("content").asText()).isEqualTo("joined: Carol Example; left: Dave Example");
        assertThat(messages(caseId).get(0).get("content").asText()).isEqualTo("Bob Example: hello bot");
        assertThat(conversation(SUPPORT, group).orElseThrow().get("events")).extracting(e -> e.get("kind").asText()
                + " " + e.get("description").asText()).containsExactly("conversationUpdate joined: the bot",
                "conversationUpdate joined: Carol Example; left: Dave Example");
        // the note is the desk's own: it does not go back to the group
        staffReplies(caseId, "barrier");
        assertThat(texts(awaitDelivered(SUPPORT, group, 1))).containsExactly("barrier");
    }

    @Test
    void aContactRelationUpdateIsRecordedNotTurnedIntoAMessage() {
        String conversation = newConversation();
        accepted(SUPPORT, fixture(SUPPORT, "contact-relation-update-add", conversation));
        JsonNode recorded = await().atMost(PATIENCE).until(() -> conversation(SUPPORT, conversation).orElse(null),
                c -> c != null && !c.get("events").isEmpty());
        assertThat(recorded.get("case_id").asLong()).isZero();
        assertThat(recorded.get("events")).singleElement().satisfies(e -> {
            assertThat(e.get("kind").asText()).isEqualTo("contactRelationUpdate");
            assertThat(e.get("description").asText()).isEqualTo("Alice Example added the bot to their contacts");
        });

        accepted(SUPPORT, message(SUPPORT, conversation, "thanks for adding me"));
        long caseId = awaitCase(SUPPORT, conversation);
        accepted(SUPPORT, fake(SUPPORT).activity("contactRelationUpdate").from(conversation, "Alice Example")
                .conversation(conversation).action("remove").build());
        await().atMost(PATIENCE).until(() -> messages(caseId), m -> m.size() == 2);
        assertThat(messages(caseId)).extracting(m -> m.get("note").asBoolean() + " " + m.get("content").asText())
                .containsExactly("false thanks for adding me",
                        "true Alice Example removed the bot from their contacts");
    }

    @Test
    void typingAndOtherActivitiesAreAcknowledgedAndStoreNothing() {
        String conversation = newConversation();
        ObjectNode typing = fixture(SUPPORT, "typing", conversation);
        accepted(SUPPORT, typing);
        ObjectNode withoutId = typing.deepCopy();
        withoutId.remove("id");
        accepted(SUPPORT, withoutId);
        for (String type : List.of("event", "invoke", "messageReaction", "installationUpdate", "messageUpdate",
                "deleteUserData", "somethingNew")) {
            accepted(SUPPORT, fake(SUPPORT).activity(type).from(conversation, "Alice").conversation(conversation)
                    .set("name", "some/name").set("value", Map.of("any", "thing")).build());
        }
        // an empty membership change is nothing to record either
        accepted(SUPPORT, fake(SUPPORT).activity("conversationUpdate").from(conversation, "Alice")
                .conversation(conversation).build());
        accepted(SUPPORT, message(SUPPORT, conversation, "barrier"));
        long caseId = awaitCase(SUPPORT, conversation);
        assertThat(contents(caseId)).containsExactly("barrier");
        assertThat(conversation(SUPPORT, conversation).orElseThrow().get("events")).isEmpty();
    }

    @Test
    void endOfConversationEndsTheRunningChat() {
        String conversation = newConversation();
        accepted(SUPPORT, message(SUPPORT, conversation, "bye soon"));
        long caseId = awaitCase(SUPPORT, conversation);
        assertThat(chats(caseId)).singleElement().satisfies(c -> assertThat(c.get("active").asBoolean()).isTrue());

        accepted(SUPPORT, fake(SUPPORT).activity("endOfConversation").from(conversation, "Alice")
                .conversation(conversation).set("code", "userCancelled").build());
        JsonNode chat = await().atMost(PATIENCE).until(() -> chats(caseId).get(0), c -> !c.get("active").asBoolean());
        assertThat(chat.get("ended_by").asText()).isEqualTo("channel");
        assertThat(conversation(SUPPORT, conversation).orElseThrow().get("events"))
                .extracting(e -> e.get("kind").asText()).containsExactly("endOfConversation");
        assertThat(contents(caseId)).contains("bye soon").doesNotContain("the channel ended the conversation");

        // the customer comes back: the same case, a new chat
        accepted(SUPPORT, message(SUPPORT, conversation, "me again"));
        await().atMost(PATIENCE).until(() -> chats(caseId), c -> c.size() == 2);
        assertThat(chats(caseId).get(1).get("active").asBoolean()).isTrue();
    }

    @Test
    void aSilentChatEndsByItselfAfterTheBotsIdleTimeout() {
        String conversation = newConversation();
        accepted(IDLE, message(IDLE, conversation, "anyone there?"));
        long caseId = awaitCase(IDLE, conversation);
        staffReplies(caseId, "Yes, how can I help?");
        awaitDelivered(IDLE, conversation, 1);
        JsonNode chat = await().atMost(PATIENCE).until(() -> chats(caseId).get(0), c -> !c.get("active").asBoolean());
        assertThat(chat.get("ended_by").asText()).isEqualTo("idle");
    }

    @Test
    void aMessageAfterTheCaseWasClosedOpensANewCase() {
        String conversation = newConversation();
        accepted(SUPPORT, message(SUPPORT, conversation, "first problem"));
        long first = awaitCase(SUPPORT, conversation);
        var closed = admin().put("/api/cases/" + first + ".json", Map.of("case", Map.of("status", "closed")));
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);

        accepted(SUPPORT, message(SUPPORT, conversation, "second problem"));
        long second = await().atMost(PATIENCE).until(() -> awaitCase(SUPPORT, conversation), id -> id != first);
        assertThat(contents(second)).containsExactly("second problem");
        assertThat(contents(first)).containsExactly("first problem");
        assertThat(deskCase(second).get("user_id").asLong()).isEqualTo(deskCase(first).get("user_id").asLong());
        staffReplies(second, "on the new case");
        assertThat(texts(awaitDelivered(SUPPORT, conversation, 1))).containsExactly("on the new case");
    }
}
