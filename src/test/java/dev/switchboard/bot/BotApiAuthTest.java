package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.BotApiClient;
import dev.switchboard.support.DeskClient;

/**
 * The bot API's door and its refusals: a call needs {@code Authorization: Token <token>} (401
 * otherwise), acts only in the bot's own chats (403), and bad input is a 4xx — always as
 * {@code {"error","desc"}} the way Webim's bots read errors — with nothing written.
 */
class BotApiAuthTest extends BotTest {

    private static final List<String> METHODS = List.of("send_message", "redirect_chat", "close_chat");

    @Test
    void aCallWithoutAValidTokenIsRefusedWith401() {
        BotDesk.Group group = desk.group();
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello");
        bot.awaitEvent(1);
        BotDesk.Person person = desk.person(group);
        Map<String, Object> body = Map.of("chat_id", chat.caseId(), "message", Map.of("kind", "operator",
                "text", "not me"));

        for (String method : METHODS) {
            for (DeskClient.Answer answer : List.of(
                    new BotApiClient(admin().base(), null).call(method, body),
                    new BotApiClient(admin().base(), "sbbot_not-a-token").call(method, body),
                    new BotApiClient(admin().base(), "").call(method, body),
                    raw(method, "Bearer " + bot.token, body),
                    raw(method, "Basic " + Base64.getEncoder().encodeToString(
                            (person.email() + ":" + person.apiKey()).getBytes(StandardCharsets.UTF_8)), body))) {
                assertThat(answer.status()).as(method + ": " + answer.body()).isEqualTo(401);
                assertWebimError(answer, "unauthorized");
            }
        }
        assertNothingWritten(chat, bot);
    }

    @Test
    void aBotCannotActInAChatItDoesNotOwn() {
        BotDesk.Group group = desk.group();
        ScriptedBot owner = desk.bot(group);
        ScriptedBot other = desk.bot(desk.group());
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello");
        owner.awaitEvent(1);

        for (DeskClient.Answer answer : List.of(
                other.call("send_message", Map.of("chat_id", chat.caseId(), "message",
                        Map.of("kind", "operator", "text", "hijack"))),
                other.call("send_message", Map.of("chat_id", chat.caseId(), "message",
                        Map.of("kind", "keyboard", "buttons", List.of(List.of(Map.of("id", "a", "text", "A")))))),
                other.call("send_message", Map.of("chat_id", chat.caseId(), "message",
                        Map.of("kind", "file_operator", "data", Map.of("url", "http://127.0.0.1:" + closedPort()
                                + "/x.png")))),
                other.call("redirect_chat", Map.of("chat_id", chat.caseId())),
                other.call("close_chat", Map.of("chat_id", chat.caseId())),
                other.call("close_chat", Map.of("chat_id", 987654321L)))) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(403);
            assertWebimError(answer, "chat_not_assigned_to_bot");
        }
        assertNothingWritten(chat, owner);
        assertThat(desk.assignee(chat)).isEqualTo(owner.staffId);
    }

    @Test
    void badInputIsRefusedWithNothingWritten() {
        BotDesk.Group group = desk.group();
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "Hello");
        bot.awaitEvent(1);
        long id = chat.caseId();

        refused(bot.call("send_message", "{\"chat_id\":" + id + ",\"message\":{"), "invalid_json");
        refused(bot.call("send_message", "[1,2]"), "invalid_json");
        refused(bot.call("send_message", Map.of("message", Map.of("kind", "operator", "text", "x"))),
                "missing_field");
        refused(bot.call("send_message", Map.of("chat_id", 0, "message", Map.of("kind", "operator", "text", "x"))),
                "missing_field");
        refused(bot.call("send_message", Map.of("chat_id", id)), "missing_field");
        refused(bot.call("send_message", Map.of("chat_id", id, "message", Map.of("text", "no kind"))),
                "missing_field");
        refused(bot.call("send_message", Map.of("chat_id", id, "message", Map.of("kind", "sticker", "text", "x"))),
                "invalid_field");
        refused(bot.call("send_message", Map.of("chat_id", id, "message", Map.of("kind", "operator", "text", " "))),
                "missing_field");
        refused(bot.call("send_message", Map.of("chat_id", id, "message", Map.of("kind", "keyboard",
                "buttons", List.of()))), "missing_field");
        refused(bot.call("send_message", Map.of("chat_id", id, "message", Map.of("kind", "keyboard"))),
                "missing_field");
        refused(bot.call("send_message", Map.of("chat_id", id, "message", Map.of("kind", "keyboard",
                "buttons", List.of(List.of())))), "invalid_field");
        refused(bot.call("send_message", Map.of("chat_id", id, "message", Map.of("kind", "keyboard",
                "buttons", List.of(List.of(Map.of("text", "no id")))))), "invalid_field");
        refused(bot.call("send_message", Map.of("chat_id", id, "message", Map.of("kind", "file_operator"))),
                "missing_field");
        refused(bot.call("send_message", Map.of("chat_id", id, "message", Map.of("kind", "file_operator",
                "data", Map.of("url", "http://127.0.0.1:" + closedPort() + "/gone.png")))), "attachment_unreachable");
        refused(bot.call("redirect_chat", "{\"chat_id\":"), "invalid_json");
        refused(bot.call("redirect_chat", Map.of()), "missing_field");
        refused(bot.call("redirect_chat", Map.of("chat_id", id, "dep_key", "no-such-group-" + BotDesk.uid())),
                "department_not_found");
        refused(bot.call("redirect_chat", Map.of("chat_id", id, "operator_id", 987654321L)), "staff_not_found");
        refused(bot.call("close_chat", Map.of()), "missing_field");
        refused(bot.call("close_chat", "not json"), "invalid_json");

        DeskClient.Answer text = raw("send_message", "Token " + bot.token, "text/plain", "chat_id=" + id);
        assertThat(text.status()).as(text.body()).isEqualTo(415);
        assertWebimError(text, null);

        assertNothingWritten(chat, bot);
        assertThat(desk.assignee(chat)).isEqualTo(bot.staffId);
        assertThat(desk.chatsOf(id)).singleElement().satisfies(c -> assertThat(c.get("active").asBoolean()).isTrue());
        // the bot still owns the chat: the customer's next message reaches it
        desk.write(chat, "Still there?");
        assertThat(bot.awaitEvent(2).get("message").get("text").asText()).isEqualTo("Still there?");
    }

    @Test
    void anUnknownMethodAnswersInTheBotApisErrorShape() {
        ScriptedBot bot = desk.bot(desk.group());
        DeskClient.Answer unknown = bot.call("send_sticker", Map.of("chat_id", 1));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertWebimError(unknown, null);
    }

    @Test
    void anOversizedChunkedBodyIsRefusedInTheBotApisErrorShape() throws Exception {
        ScriptedBot bot = desk.bot(desk.group());
        String body = "{\"chat_id\":1,\"message\":{\"kind\":\"operator\",\"text\":\"" + "x".repeat(1_200_000)
                + "\"}}";
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(admin().base() + "/api/bot/v2/send_message"))
                .header("Authorization", "Token " + bot.token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        body.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        assertWebimError(new DeskClient.Answer(response.statusCode(), response.body(),
                DeskClient.JSON.readTree(response.body()), response), "payload_too_large");
    }

    @Test
    void anOversizedBodyIsRefusedInTheBotApisErrorShape() {
        ScriptedBot bot = desk.bot(desk.group());
        DeskClient.Answer answer = bot.call("send_message", Map.of("chat_id", 1, "message", Map.of("kind", "operator",
                "text", "x".repeat(1_200_000))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertWebimError(answer, "payload_too_large");
    }

    /** Only the customer's first message in the case, nothing to the channel, no event after new_chat. */
    private void assertNothingWritten(BotDesk.Chat chat, ScriptedBot bot) {
        assertThat(desk.messages(chat.caseId())).extracting(m -> m.get("content").asText()).containsExactly("Hello");
        assertThat(peers.hits(chat.channel().hook())).isEmpty();
        assertThat(bot.events()).hasSize(1);
    }

    private void refused(DeskClient.Answer answer, String error) {
        assertThat(answer.status()).as(answer.body()).isBetween(400, 499);
        assertWebimError(answer, error);
    }

    private static void assertWebimError(DeskClient.Answer answer, String error) {
        JsonNode body = answer.json();
        assertThat(body.isObject()).as(answer.body()).isTrue();
        if (error != null) {
            assertThat(body.path("error").asText()).as(answer.body()).isEqualTo(error);
        } else {
            assertThat(body.path("error").asText()).as(answer.body()).isNotBlank();
        }
        assertThat(body.path("desc").asText()).as(answer.body()).isNotBlank();
        assertThat(body.has("description")).as(answer.body()).isFalse();
    }

    private DeskClient.Answer raw(String method, String authorization, Object body) {
        try {
            return raw(method, authorization, "application/json", DeskClient.JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private DeskClient.Answer raw(String method, String authorization, String contentType, String body) {
        return new BotApiClient(admin().base(), null).send(method, authorization, contentType, body);
    }

    /** A port nothing listens on. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
