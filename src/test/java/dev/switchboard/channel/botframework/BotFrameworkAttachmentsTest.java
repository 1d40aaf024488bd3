package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.channel.botframework.RecordedRequest.Kind;

/**
 * Files both ways: a user's file on the channel's own service is fetched with the bot's token,
 * one elsewhere without it; a staff reply's files become Activity attachments whose links work.
 */
class BotFrameworkAttachmentsTest extends BotFrameworkAppTest {

    @Test
    void aUsersImageOnTheConnectorIsFetchedWithTheBotsTokenIntoTheAttachmentStore() {
        String conversation = newConversation();
        ObjectNode image = fixture(SUPPORT, "message-skype-image", conversation);
        String contentUrl = image.get("attachments").get(0).get("contentUrl").asText();
        assertThat(URI.create(contentUrl).getHost()).isEqualTo(URI.create(fake(SUPPORT).serviceUrl()).getHost());
        accepted(SUPPORT, image);

        long caseId = awaitCase(SUPPORT, conversation);
        JsonNode message = messages(caseId).get(0);
        assertThat(message.get("content").asText()).isEqualTo("This is what arrived");
        JsonNode file = onlyFile(message);
        assertThat(file.get("file_name").asText()).isEqualTo("photo.png");
        assertThat(file.get("mime_type").asText()).isEqualTo("image/png");
        assertThat(file.get("file_size").asLong()).isEqualTo(FakeBotConnector.PNG.length);
        HttpResponse<byte[]> stored = download(file.get("url").asText());
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stored.body()).isEqualTo(FakeBotConnector.PNG);

        List<RecordedRequest> fetches = fake(SUPPORT).connectorRequests().stream()
                .filter(r -> "getAttachment".equals(r.operation()) && contentUrl.endsWith(r.rawPath())).toList();
        assertThat(fetches).isNotEmpty();
        assertThat(fetches).allSatisfy(r -> assertThat(r.authorization()).startsWith("Bearer "));
        assertThat(fetches.get(fetches.size() - 1).succeeded()).isTrue();
    }

    @Test
    void aFileOnAnotherHostIsFetchedWithoutTheToken() {
        String conversation = newConversation();
        String name = "report-" + uid() + ".pdf";
        byte[] pdf = ("%PDF-1.4 " + uid()).getBytes(StandardCharsets.US_ASCII);
        String url = fake(SUPPORT).hostFile(name, "application/pdf", pdf);
        assertThat(URI.create(url).getHost()).isEqualTo("localhost");
        accepted(SUPPORT, fake(SUPPORT).activity("message").from(conversation, "Carla").conversation(conversation)
                .text("The invoice").attachment("application/pdf", url, name).build());

        long caseId = awaitCase(SUPPORT, conversation);
        JsonNode file = onlyFile(messages(caseId).get(0));
        assertThat(file.get("file_name").asText()).isEqualTo(name);
        assertThat(download(file.get("url").asText()).body()).isEqualTo(pdf);
        List<RecordedRequest> fetches = fake(SUPPORT).requests().stream()
                .filter(r -> r.kind() == Kind.FILE && r.rawPath().endsWith("/" + name)).toList();
        assertThat(fetches).hasSize(1);
        assertThat(fetches.get(0).hasAuthorization()).isFalse();
    }

    @Test
    void aTeamsFileIsFetchedFromItsPreAuthenticatedLinkWithoutTheToken() {
        String conversation = newConversation();
        String name = "notes-" + uid() + ".txt";
        byte[] text = ("notes " + uid()).getBytes(StandardCharsets.UTF_8);
        String downloadUrl = fake(SUPPORT).hostFile(name, "text/plain", text);
        accepted(SUPPORT, fake(SUPPORT).activity("message").channel("msteams").from(conversation, "Dana")
                .conversation(conversation).text("my notes")
                .set("attachments", List.of(Map.of("contentType", "application/vnd.microsoft.teams.file.download.info",
                        "name", name, "content", Map.of("downloadUrl", downloadUrl, "fileType", "txt"))))
                .build());

        long caseId = awaitCase(SUPPORT, conversation);
        JsonNode file = onlyFile(messages(caseId).get(0));
        assertThat(file.get("file_name").asText()).isEqualTo(name);
        assertThat(download(file.get("url").asText()).body()).isEqualTo(text);
        assertThat(fake(SUPPORT).requests().stream().filter(r -> r.kind() == Kind.FILE
                && r.rawPath().endsWith("/" + name))).singleElement()
                .satisfies(r -> assertThat(r.hasAuthorization()).isFalse());
    }

    @Test
    void aFileThatCannotBeFetchedIsNamedInTheMessageWhichIsStoredAnyway() {
        String conversation = newConversation();
        String missing = fake(SUPPORT).attachmentUrl("0-weu-d1-gone" + uid());
        accepted(SUPPORT, fake(SUPPORT).activity("message").from(conversation, "Eve").conversation(conversation)
                .text("see the picture").attachment("image/jpeg", missing, "gone.jpg").build());

        long caseId = awaitCase(SUPPORT, conversation);
        JsonNode message = messages(caseId).get(0);
        assertThat(message.get("content").asText()).isEqualTo("see the picture\n[file gone.jpg could not be fetched]");
        assertThat(message.get("attachments")).isEmpty();
    }

    @Test
    void withoutATokenAUsersFileOnTheConnectorIsNamedInTheMessageNotFetchedWithoutIt() {
        FakeBotConnector connector = fake(FILE_TOKENS);
        AtomicBoolean away = new AtomicBoolean(true);
        connector.answerWith(r -> r.kind() == Kind.TOKEN && away.get() ? Answer.status(503) : null);
        try {
            String conversation = newConversation();
            accepted(FILE_TOKENS, fixture(FILE_TOKENS, "message-skype-image", conversation));
            long caseId = awaitCase(FILE_TOKENS, conversation);
            JsonNode message = messages(caseId).get(0);
            assertThat(message.get("content").asText())
                    .isEqualTo("This is what arrived\n[file photo.png could not be fetched]");
            assertThat(message.get("attachments")).isEmpty();
            assertThat(connector.requests()).anyMatch(r -> r.kind() == Kind.TOKEN && r.status() == 503);
            assertThat(connector.connectorRequests()).noneMatch(r -> "getAttachment".equals(r.operation()));
        } finally {
            away.set(false);
            connector.answerWith(null);
        }
        String conversation = newConversation();
        accepted(FILE_TOKENS, fixture(FILE_TOKENS, "message-skype-image", conversation));
        JsonNode message = messages(awaitCase(FILE_TOKENS, conversation)).get(0);
        assertThat(message.get("content").asText()).isEqualTo("This is what arrived");
        assertThat(download(onlyFile(message).get("url").asText()).body()).isEqualTo(FakeBotConnector.PNG);
    }

    @Test
    void aStaffReplysFilesBecomeActivityAttachmentsWhoseLinksDownloadThem() {
        String conversation = newConversation();
        accepted(SUPPORT, message(SUPPORT, conversation, "Please send the label"));
        long caseId = awaitCase(SUPPORT, conversation);

        // by URL (attachment_urls)
        String name = "label-" + uid() + ".pdf";
        byte[] label = ("%PDF-1.7 label " + uid()).getBytes(StandardCharsets.US_ASCII);
        String source = fake(SUPPORT).hostFile(name, "application/pdf", label);
        var answer = admin().post("/api/cases/" + caseId + "/messages.json", Map.of("message",
                Map.of("content", "Here is the label", "attachment_urls", List.of(source))));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode first = awaitDelivered(SUPPORT, conversation, 1).get(0).json();
        assertThat(first.get("text").asText()).isEqualTo("Here is the label");
        assertAttachment(first, name, "application/pdf", label);

        // uploaded (multipart)
        byte[] png = FakeBotConnector.PNG;
        HttpResponse<String> uploaded = multipart("/api/cases/" + caseId + "/messages.json", "The screenshot",
                "screenshot.png", "image/png", png);
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode second = awaitDelivered(SUPPORT, conversation, 2).get(1).json();
        assertThat(second.get("text").asText()).isEqualTo("The screenshot");
        assertAttachment(second, "screenshot.png", "image/png", png);
    }

    private static void assertAttachment(JsonNode activity, String name, String type, byte[] content) {
        assertThat(activity.get("attachments")).hasSize(1);
        JsonNode attachment = activity.get("attachments").get(0);
        assertThat(attachment.get("name").asText()).isEqualTo(name);
        assertThat(attachment.get("contentType").asText()).isEqualTo(type);
        String contentUrl = attachment.get("contentUrl").asText();
        assertThat(contentUrl).startsWith("http");
        HttpResponse<byte[]> fetched = download(contentUrl);
        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).isEqualTo(content);
    }

    private static JsonNode onlyFile(JsonNode message) {
        assertThat(message.get("attachments")).as(message.toString()).hasSize(1);
        return message.get("attachments").get(0);
    }

    /** A staff reply with text and one uploaded file, as Omnidesk clients send it (message[attachments][0]). */
    private HttpResponse<String> multipart(String path, String content, String fileName, String type, byte[] file) {
        String boundary = "----switchboard-bf-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"message[content]\"\r\n"
                + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + content + "\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"message[attachments][0]\"; "
                + "filename=\"" + fileName + "\"\r\nContent-Type: " + type + "\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(file);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(admin().base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (ADMIN_EMAIL + ":" + ADMIN_KEY).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
