package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.assertDownloads;
import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messageList;
import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import dev.switchboard.desk.api.ApiFixtures;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Uploads;

/**
 * Files uploaded with a message as Omnidesk clients send them (multipart, {@code message[content]}
 * and {@code message[attachments][n]}): listed on the message in the answer and in the case's
 * messages with name, size, type and a link that downloads the same bytes.
 */
class MultipartUploadTest extends SwitchboardTest {

    private Uploads uploads() {
        return Uploads.admin(port);
    }

    @Test
    void aStaffReplyWithTwoFilesListsThemInOrderAndTheirLinksDownloadTheSameBytes() {
        long caseId = newCase(admin());
        byte[] pdf = bytes(70_000);
        byte[] png = bytes(3_000);

        Answer answer = uploads().post(messages(caseId), Multipart.form()
                .field("message[content]", "Here are the documents")
                .file("message[attachments][1]", "photo.png", "image/png", png)
                .file("message[attachments][0]", "contract.pdf", "application/pdf", pdf));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode message = answer.json().get("message");
        assertThat(message.get("content").asText()).isEqualTo("Here are the documents");
        JsonNode files = message.get("attachments");
        assertThat(files).hasSize(2);
        assertFile(files.get(0), "contract.pdf", pdf.length, "application/pdf");
        assertFile(files.get(1), "photo.png", png.length, "image/png");
        assertDownloads(files.get(0), pdf, "application/pdf");
        assertDownloads(files.get(1), png, "image/png");

        List<JsonNode> listed = messageList(admin(), caseId);
        JsonNode reply = listed.get(listed.size() - 1);
        assertThat(reply.get("message_id").asLong()).isEqualTo(message.get("message_id").asLong());
        assertThat(reply.get("attachments")).hasSize(2);
        assertThat(reply.get("attachments").get(0).get("file_id").asLong())
                .isEqualTo(files.get(0).get("file_id").asLong());
        assertDownloads(reply.get("attachments").get(0), pdf, "application/pdf");
        assertDownloads(reply.get("attachments").get(1), png, "image/png");
        assertThat(listed.get(0).get("attachments")).as("the first message had none").isEmpty();
    }

    @Test
    void aFileAloneIsAMessage() {
        long caseId = newCase(admin());
        byte[] content = bytes(10);

        Answer answer = uploads().post(messages(caseId), Multipart.form()
                .file("message[attachments][]", "only.bin", "application/octet-stream", content));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode message = answer.json().get("message");
        assertThat(message.get("content").asText()).isEmpty();
        assertThat(message.get("attachments")).hasSize(1);
        assertDownloads(message.get("attachments").get(0), content, "application/octet-stream");
    }

    @Test
    void aCustomerMessageANoteAndANewCaseTakeFilesToo() {
        long caseId = newCase(admin());
        JsonNode first = ApiFixtures.getCase(admin(), caseId);
        byte[] a = bytes(1234);
        byte[] b = bytes(4321);
        byte[] c = bytes(99);

        Answer customer = uploads().post(messages(caseId), Multipart.form()
                .field("message[content]", "my screenshot")
                .field("message[user_id]", Long.toString(first.get("user_id").asLong()))
                .file("message[attachments][0]", "screen.png", "image/png", a));
        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        assertThat(customer.json().get("message").get("user_id").asLong()).isEqualTo(first.get("user_id").asLong());
        assertDownloads(customer.json().get("message").get("attachments").get(0), a, "image/png");

        Answer note = uploads().post("/api/cases/" + caseId + "/note.json", Multipart.form()
                .field("note[content]", "internal log")
                .file("note[attachments][0]", "log.txt", "text/plain", b));
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        assertThat(note.json().get("message").get("note").asBoolean()).isTrue();
        assertDownloads(note.json().get("message").get("attachments").get(0), b, "text/plain");

        Answer created = uploads().post("/api/cases.json", Multipart.form()
                .field("case[user_email]", ApiFixtures.email())
                .field("case[subject]", "With a file")
                .field("case[content]", "see attached")
                .file("case[attachments][0]", "invoice.csv", "text/csv", c));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long newCaseId = created.json().get("case").get("case_id").asLong();
        JsonNode firstMessage = messageList(admin(), newCaseId).get(0);
        assertThat(firstMessage.get("content").asText()).isEqualTo("see attached");
        assertFile(firstMessage.get("attachments").get(0), "invoice.csv", c.length, "text/csv");
        assertDownloads(firstMessage.get("attachments").get(0), c, "text/csv");
    }

    @Test
    void aFileWithoutATypeGetsOneFromItsNameAndAnEmptyFileIsKept() {
        long caseId = newCase(admin());
        byte[] text = "plain words".getBytes(StandardCharsets.UTF_8);

        Answer answer = uploads().post(messages(caseId), Multipart.form()
                .file("message[attachments][0]", "notes.txt", null, text)
                .file("message[attachments][1]", "empty.dat", "application/octet-stream", new byte[0]));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode files = answer.json().get("message").get("attachments");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("mime_type").asText()).isEqualTo("text/plain");
        assertDownloads(files.get(0), text, "text/plain");
        assertFile(files.get(1), "empty.dat", 0, "application/octet-stream");
        assertDownloads(files.get(1), new byte[0], "application/octet-stream");
    }

    @Test
    void aTypeThatIsNotAMediaTypeIsServedAsOctetStream() {
        long caseId = newCase(admin());
        byte[] content = bytes(50);

        Answer answer = uploads().post(messages(caseId), Multipart.form()
                .file("message[attachments][0]", "x.bin", "not a type", content));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode file = answer.json().get("message").get("attachments").get(0);
        assertThat(file.get("mime_type").asText()).isEqualTo("application/octet-stream");
        assertDownloads(file, content, "application/octet-stream");
    }

    private static void assertFile(JsonNode file, String name, long size, String type) {
        assertThat(file.get("file_id").asLong()).isPositive();
        assertThat(file.get("file_name").asText()).isEqualTo(name);
        assertThat(file.get("file_size").asLong()).isEqualTo(size);
        assertThat(file.get("mime_type").asText()).isEqualTo(type);
        assertThat(file.get("url").asText()).startsWith("http").contains("/files/" + file.get("file_id").asLong() + "/");
    }
}
