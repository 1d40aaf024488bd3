package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.desk.api.ApiFixtures;
import dev.switchboard.support.Desk;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.FileServer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Uploads;
import dev.switchboard.support.Uploads.Download;
import dev.switchboard.support.WebhookReceiver;
import dev.switchboard.support.WebhookReceiver.Hit;
import dev.switchboard.support.Webhooks;

/**
 * Files of staff replies and notes reach custom channels: the webhook's {@code attachments} lists
 * file_name, content_type, size and url of each (JSON and form webhooks alike), and the url
 * downloads the same bytes without a login.
 */
class CustomChannelAttachmentsTest extends SwitchboardTest {

    private static final WebhookReceiver RECEIVER = new WebhookReceiver();
    private static final FileServer SERVER = new FileServer();

    @AfterAll
    static void stopServers() {
        RECEIVER.close();
        SERVER.close();
    }

    private record Channel(String path, long caseId) {
    }

    private Channel channelWithCase(String format) {
        String path = RECEIVER.newPath();
        Desk desk = new Desk(admin());
        String code = desk.channel(RECEIVER.url(path), format).get("channel_api_key").asText();
        long caseId = desk.customerCase(code, "app-user-" + ApiFixtures.uid(), "hello").get("case_id").asLong();
        return new Channel(path, caseId);
    }

    private static Hit delivery(String path, int count) {
        await().atMost(Duration.ofSeconds(20)).until(() -> RECEIVER.delivered(path).size() >= count);
        return RECEIVER.delivered(path).get(count - 1);
    }

    @Test
    void aJsonWebhookListsTheFilesOfAReplyAndTheirUrlsDownloadTheSameBytes() {
        Channel channel = channelWithCase("json");
        byte[] pdf = bytes(30_000);
        byte[] png = bytes(500);

        Answer reply = Uploads.admin(port).post(messages(channel.caseId()), Multipart.form()
                .field("message[content]", "your documents")
                .file("message[attachments][0]", "contract.pdf", "application/pdf", pdf)
                .file("message[attachments][1]", "stamp.png", "image/png", png));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);

        JsonNode object = Webhooks.json(delivery(channel.path(), 1)).get("object");
        assertThat(object.get("message_id").asLong()).isEqualTo(reply.json().get("message").get("message_id").asLong());
        assertThat(object.get("content").asText()).isEqualTo("your documents");
        JsonNode files = object.get("attachments");
        assertThat(files).hasSize(2);
        assertThat(fields(files.get(0))).containsExactly("file_name", "content_type", "size", "url");
        assertThat(files.get(0).get("file_name").asText()).isEqualTo("contract.pdf");
        assertThat(files.get(0).get("content_type").asText()).isEqualTo("application/pdf");
        assertThat(files.get(0).get("size").asLong()).isEqualTo(pdf.length);
        assertThat(files.get(1).get("file_name").asText()).isEqualTo("stamp.png");
        assertThat(files.get(1).get("size").asLong()).isEqualTo(png.length);
        assertSameBytes(files.get(0).get("url").asText(), pdf, "application/pdf");
        assertSameBytes(files.get(1).get("url").asText(), png, "image/png");
    }

    @Test
    void aFormWebhookListsThemAsIndexedFields() {
        Channel channel = channelWithCase("form");
        byte[] content = bytes(1000);
        String url = SERVER.serve(SERVER.path("scan.jpg"), "image/jpeg", content);

        Answer reply = admin().post(messages(channel.caseId()), Map.of("message", Map.of("content", "scan",
                "attachment_urls", List.of(url))));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);

        Map<String, String> form = form(delivery(channel.path(), 1).body());
        assertThat(form).containsEntry("object[attachments][0][file_name]", "scan.jpg")
                .containsEntry("object[attachments][0][content_type]", "image/jpeg")
                .containsEntry("object[attachments][0][size]", Integer.toString(content.length))
                .doesNotContainKey("object[attachments][1][file_name]");
        assertSameBytes(form.get("object[attachments][0][url]"), content, "image/jpeg");
    }

    @Test
    void aNoteWithAFileReachesTheChannelFlaggedWithItsFile() {
        Channel channel = channelWithCase("json");
        byte[] log = bytes(77);

        Answer note = Uploads.admin(port).post("/api/cases/" + channel.caseId() + "/note.json", Multipart.form()
                .field("note[content]", "internal")
                .file("note[attachments][0]", "log.txt", "text/plain", log));
        assertThat(note.status()).as(note.body()).isEqualTo(201);

        JsonNode object = Webhooks.json(delivery(channel.path(), 1)).get("object");
        assertThat(object.get("note").asInt()).isEqualTo(1);
        assertThat(object.get("attachments").get(0).get("file_name").asText()).isEqualTo("log.txt");
        assertSameBytes(object.get("attachments").get(0).get("url").asText(), log, "text/plain");
    }

    @Test
    void aReplyWithoutFilesHasAnEmptyList() {
        Channel channel = channelWithCase("json");
        new Desk(admin()).reply(channel.caseId(), "just text");

        JsonNode object = Webhooks.json(delivery(channel.path(), 1)).get("object");
        assertThat(object.get("attachments").isArray()).isTrue();
        assertThat(object.get("attachments")).isEmpty();
    }

    private static void assertSameBytes(String url, byte[] expected, String type) {
        Download download = Uploads.download(url);
        assertThat(download.status()).as(download.text()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(expected);
        assertThat(download.header("Content-Type")).isEqualTo(type);
        assertThat(download.header("Content-Disposition")).startsWith("attachment;");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }
}
