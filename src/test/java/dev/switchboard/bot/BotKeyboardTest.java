package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * Buttons: a bot's keyboard reaches a custom channel natively ({@code object.buttons}, rows of
 * {id,text}) and as a numbered list in {@code content}; the customer's answer by number or by
 * text (any case) comes back to the bot as keyboard_response naming the button and the keyboard
 * message; anything else is a plain visitor message.
 */
class BotKeyboardTest extends BotTest {

    @Test
    void aKeyboardReachesTheCustomerAsButtonsAndAsANumberedList() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(channel, "Hi");
        bot.awaitEvent(1);

        bot.say(chat.caseId(), "Did that help?");
        long keyboard = Long.parseLong(bot.keyboard(chat.caseId(), List.of(List.of("yes=Yes", "no=No"),
                List.of("human=Talk to a person"))).json().get("message_id").asText());

        List<JsonNode> delivered = desk.awaitDelivered(channel, 2);
        assertThat(delivered.get(0).get("content").asText()).isEqualTo("Did that help?");
        assertThat(delivered.get(0).get("buttons")).isEmpty();
        JsonNode buttons = delivered.get(1);
        assertThat(buttons.get("message_id").asLong()).isEqualTo(keyboard);
        assertThat(buttons.get("content").asText()).isEqualTo("1. Yes\n2. No\n3. Talk to a person");
        assertThat(buttons.get("staff_id").asLong()).isEqualTo(bot.staffId);
        assertThat(buttons.get("buttons")).hasSize(2);
        assertThat(BotDesk.texts(buttons.get("buttons").get(0), "id")).containsExactly("yes", "no");
        assertThat(BotDesk.texts(buttons.get("buttons").get(0), "text")).containsExactly("Yes", "No");
        assertThat(BotDesk.texts(buttons.get("buttons").get(1), "id")).containsExactly("human");
        assertThat(BotDesk.texts(buttons.get("buttons").get(1), "text")).containsExactly("Talk to a person");
    }

    @Test
    void theCustomersAnswerByNumberOrTextIsAKeyboardResponseAndOtherTextIsAMessage() {
        BotDesk.Group group = desk.group();
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hi");
        bot.awaitEvent(1);
        List<List<String>> rows = List.of(List.of("yes=Yes", "no=No"), List.of("later=Ask me later"));

        long first = keyboard(bot, chat, rows);
        long byNumber = desk.write(chat, "2");
        assertPressed(bot.awaitEvent(2), chat, byNumber, "no", "No", first);

        long second = keyboard(bot, chat, rows);
        long byText = desk.write(chat, "  ask ME later ");
        assertPressed(bot.awaitEvent(3), chat, byText, "later", "Ask me later", second);

        long third = keyboard(bot, chat, rows);
        long numberWithDot = desk.write(chat, "1.");
        assertPressed(bot.awaitEvent(4), chat, numberWithDot, "yes", "Yes", third);

        long answeredAlready = desk.write(chat, "2");
        assertVisitor(bot.awaitEvent(5), answeredAlready, "2");

        keyboard(bot, chat, rows);
        long noButton = desk.write(chat, "Maybe tomorrow");
        assertVisitor(bot.awaitEvent(6), noButton, "Maybe tomorrow");
        long outOfRange = desk.write(chat, "4");
        assertVisitor(bot.awaitEvent(7), outOfRange, "4");
        assertThat(bot.events()).hasSize(7);
    }

    @Test
    void onlyTheLatestKeyboardOfTheBotsCurrentChatCanBeAnswered() {
        BotDesk.Group group = desk.group();
        BotDesk.Person person = desk.person(desk.group());
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hi");
        bot.awaitEvent(1);

        keyboard(bot, chat, List.of(List.of("yes=Yes", "no=No")));
        long colours = keyboard(bot, chat, List.of(List.of("red=Red", "blue=Blue")));
        long superseded = desk.write(chat, "Yes");
        assertVisitor(bot.awaitEvent(2), superseded, "Yes");
        long pressed = desk.write(chat, "2");
        assertPressed(bot.awaitEvent(3), chat, pressed, "blue", "Blue", colours);
        long stillSuperseded = desk.write(chat, "No");
        assertVisitor(bot.awaitEvent(4), stillSuperseded, "No");

        // a keyboard shown before the chat went to a person and came back is over
        keyboard(bot, chat, List.of(List.of("a=Option A", "b=Option B")));
        bot.redirect(chat.caseId(), Map.of("operator_id", person.id()));
        assertThat(admin().put("/api/cases/" + chat.caseId() + ".json", Map.of("case",
                Map.of("staff_id", bot.staffId))).status()).isEqualTo(200);
        assertThat(bot.awaitEvent(5).get("event").asText()).isEqualTo("new_chat");
        long afterHandBack = desk.write(chat, "1");
        assertVisitor(bot.awaitEvent(6), afterHandBack, "1");
    }

    private static long keyboard(ScriptedBot bot, BotDesk.Chat chat, List<List<String>> rows) {
        return Long.parseLong(bot.keyboard(chat.caseId(), rows).json().get("message_id").asText());
    }

    private static void assertPressed(JsonNode event, BotDesk.Chat chat, long messageId, String id, String text,
            long keyboard) {
        assertThat(event.get("event").asText()).isEqualTo("new_message");
        assertThat(event.get("chat_id").asLong()).isEqualTo(chat.caseId());
        JsonNode message = event.get("message");
        assertThat(message.get("kind").asText()).as(event.toString()).isEqualTo("keyboard_response");
        assertThat(message.get("id").asText()).isEqualTo(Long.toString(messageId));
        assertThat(message.get("data").get("button").get("id").asText()).isEqualTo(id);
        assertThat(message.get("data").get("button").get("text").asText()).isEqualTo(text);
        assertThat(message.get("data").get("request").get("messageId").asText()).isEqualTo(Long.toString(keyboard));
    }

    private static void assertVisitor(JsonNode event, long messageId, String text) {
        JsonNode message = event.get("message");
        assertThat(message.get("kind").asText()).as(event.toString()).isEqualTo("visitor");
        assertThat(message.get("id").asText()).isEqualTo(Long.toString(messageId));
        assertThat(message.get("text").asText()).isEqualTo(text);
        assertThat(message.has("data")).isFalse();
    }
}
