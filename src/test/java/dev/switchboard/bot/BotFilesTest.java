package dev.switchboard.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.FileServer;
import dev.switchboard.support.MultipartRequest;

/**
 * Files both ways: the customer's files reach the bot as file_visitor messages whose URL downloads
 * the very bytes (uploaded, or fetched from attachment_urls; also in new_chat's history), and a
 * bot's file_operator message is fetched from its URL and arrives at the customer's channel as an
 * attachment with a working download link.
 */
class BotFilesTest extends BotTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H',
        'D', 'R', 1, 2, 3, (byte) 0xff};

    private final FileServer files = new FileServer();

    @AfterEach
    void stopFiles() {
        files.close();
    }

    @Test
    void anUploadedFileReachesTheBotAsFileVisitorAfterTheMessagesText() {
        BotDesk.Group group = desk.group();
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "My screen is broken");
        bot.awaitEvent(1);

        DeskClient.Answer posted = new MultipartRequest()
                .field("message[user_id]", Long.toString(chat.userId()))
                .field("message[content]", "Here is a screenshot")
                .file("message[attachments][0]", "screen.png", "image/png", PNG)
                .post(admin().base(), "/api/cases/" + chat.caseId() + "/messages.json");
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);
        long messageId = posted.json().get("message").get("message_id").asLong();

        List<JsonNode> events = bot.awaitEvents(3);
        JsonNode text = events.get(1).get("message");
        assertThat(text.get("kind").asText()).isEqualTo("visitor");
        assertThat(text.get("id").asText()).isEqualTo(Long.toString(messageId));
        assertThat(text.get("text").asText()).isEqualTo("Here is a screenshot");
        JsonNode file = events.get(2);
        assertThat(file.get("event").asText()).isEqualTo("new_message");
        assertThat(file.get("chat_id").asLong()).isEqualTo(chat.caseId());
        assertFile(file.get("message"), "screen.png", "image/png", PNG);
        assertThat(file.get("message").get("id").asText()).startsWith(messageId + ".");
    }

    @Test
    void aFileByUrlReachesTheBotAndSoDoesOneInTheFirstMessage() {
        BotDesk.Group group = desk.group();
        ScriptedBot bot = desk.bot(group);
        byte[] pdf = "%PDF-1.4 an invoice".getBytes(StandardCharsets.UTF_8);
        byte[] receipt = "a receipt, in plain text".getBytes(StandardCharsets.UTF_8);

        BotDesk.Chat chat = desk.customerWrites(desk.channel(group), "About my invoice", Map.of("attachment_urls",
                List.of(files.serve(files.path("invoice.pdf"), "application/pdf", pdf))));

        JsonNode newChat = bot.awaitEvent(1);
        assertThat(newChat.get("event").asText()).isEqualTo("new_chat");
        assertThat(newChat.get("messages")).hasSize(2);
        assertThat(newChat.get("messages").get(0).get("text").asText()).isEqualTo("About my invoice");
        assertFile(newChat.get("messages").get(1), "invoice.pdf", "application/pdf", pdf);

        DeskClient.Answer posted = admin().post("/api/cases/" + chat.caseId() + "/messages.json", Map.of("message",
                Map.of("user_id", chat.userId(), "attachment_urls",
                        List.of(files.serve(files.path("receipt.txt"), "text/plain", receipt)))));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);

        List<JsonNode> events = bot.awaitEvents(2);
        assertThat(events).hasSize(2);
        assertFile(events.get(1).get("message"), "receipt.txt", "text/plain", receipt);
    }

    @Test
    void theBotsFileReachesTheCustomersChannelWithAWorkingLink() {
        BotDesk.Group group = desk.group();
        BotDesk.Channel channel = desk.channel(group);
        ScriptedBot bot = desk.bot(group);
        BotDesk.Chat chat = desk.customerWrites(channel, "Can I have the manual?");
        bot.awaitEvent(1);
        byte[] manual = "%PDF-1.7 the manual".getBytes(StandardCharsets.UTF_8);

        DeskClient.Answer sent = bot.file(chat.caseId(), files.serve(files.path("download"), "application/octet-stream", manual),
                "manual.pdf", "application/pdf");

        JsonNode delivered = desk.awaitDelivered(channel, 1).get(0);
        assertThat(delivered.get("message_id").asText()).isEqualTo(sent.json().get("message_id").asText());
        assertThat(delivered.get("staff_id").asLong()).isEqualTo(bot.staffId);
        JsonNode attachment = delivered.get("attachments").get(0);
        assertThat(delivered.get("attachments")).hasSize(1);
        assertThat(attachment.get("file_name").asText()).isEqualTo("manual.pdf");
        assertThat(attachment.get("content_type").asText()).isEqualTo("application/pdf");
        assertThat(attachment.get("size").asLong()).isEqualTo(manual.length);
        HttpResponse<byte[]> download = MultipartRequest.download(attachment.get("url").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(manual);
    }

    private static void assertFile(JsonNode message, String name, String type, byte[] content) {
        assertThat(message.get("kind").asText()).as(message.toString()).isEqualTo("file_visitor");
        JsonNode data = message.get("data");
        assertThat(data.get("name").asText()).isEqualTo(name);
        assertThat(data.get("media_type").asText()).startsWith(type);
        assertThat(data.get("size").asLong()).isEqualTo(content.length);
        HttpResponse<byte[]> download = MultipartRequest.download(data.get("url").asText());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(content);
    }
}
