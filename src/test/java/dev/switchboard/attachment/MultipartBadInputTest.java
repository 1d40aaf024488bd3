package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static dev.switchboard.attachment.FileFixtures.stored;
import static dev.switchboard.desk.api.ApiFixtures.assertClientError;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.attachment.FileFixtures.Stored;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Uploads;

/**
 * Multipart requests that are wrong in every way a client gets them wrong: each is a 4xx with a
 * JSON {"error","description"}, never a 5xx, and leaves nothing behind — no message, no file row,
 * no file in the store.
 */
class MultipartBadInputTest extends SwitchboardTest {

    @Autowired
    JdbcClient jdbc;

    @Value("${switchboard.data-dir}")
    Path dataDir;

    private Uploads uploads() {
        return Uploads.admin(port);
    }

    private Stored before;

    private void remember() {
        before = stored(jdbc, dataDir);
    }

    private void assertNothingStored() {
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void aMultipartTypeWithoutABoundaryOrBody() {
        long caseId = newCase(admin());
        remember();

        assertClientError(uploads().post(messages(caseId), "multipart/form-data",
                HttpRequest.BodyPublishers.ofString("message[content]=hi")));
        assertClientError(uploads().post(messages(caseId), "multipart/form-data; boundary=xyz",
                HttpRequest.BodyPublishers.noBody()));
        assertClientError(uploads().post(messages(caseId), "multipart/form-data; boundary=xyz",
                HttpRequest.BodyPublishers.ofString("not multipart at all")));
        assertNothingStored();
    }

    @Test
    void aBodyCutOffInTheMiddleOfAFile() {
        long caseId = newCase(admin());
        Multipart form = Multipart.form().field("message[content]", "cut")
                .file("message[attachments][0]", "a.bin", "application/octet-stream", bytes(100_000));
        byte[] whole = form.openBytes();
        byte[] cut = Arrays.copyOf(whole, whole.length - 50_000);
        remember();

        assertClientError(uploads().post(messages(caseId), form.contentType(), HttpRequest.BodyPublishers.ofByteArray(cut)));
        assertNothingStored();
    }

    @Test
    void aMultipartMessageWithNoFieldsAtAll() {
        long caseId = newCase(admin());
        remember();

        Answer empty = uploads().post(messages(caseId), Multipart.form());
        assertClientError(empty);
        assertThat(empty.status()).isEqualTo(400);
        assertNothingStored();
    }

    @Test
    void filesUnderNamesThatAreNotTheEnvelopesAttachmentsAreRefusedNotDropped() {
        long caseId = newCase(admin());
        remember();

        for (String name : new String[] {"file", "attachments[0]", "message[attachment][0]", "message[file]",
                "note[attachments][0]", "message[attachments][0][x]", "message[attachments]x"}) {
            Answer answer = uploads().post(messages(caseId), Multipart.form()
                    .field("message[content]", "with a misnamed file")
                    .file(name, "a.txt", "text/plain", "lost?".getBytes(StandardCharsets.UTF_8)));
            assertError(answer, 400, "invalid_field");
            assertThat(answer.json().get("description").asText()).as(name).contains(name);
        }
        assertNothingStored();
    }

    @Test
    void aTextValueWhereAFileBelongsIsRefused() {
        long caseId = newCase(admin());
        remember();

        Answer answer = uploads().post(messages(caseId), Multipart.form()
                .field("message[content]", "hi").field("message[attachments][0]", "not a file"));

        assertError(answer, 400, "invalid_field");
        assertNothingStored();
    }

    @Test
    void textFieldsWithoutTheEnvelopeAreMissingTheMessage() {
        long caseId = newCase(admin());
        remember();

        assertError(uploads().post(messages(caseId), Multipart.form().field("content", "no envelope")),
                400, "missing_field");
        assertNothingStored();
    }

    @Test
    void tooManyPartsForTheContainer() {
        long caseId = newCase(admin());
        Multipart form = Multipart.form().field("message[content]", "many");
        for (int i = 0; i < 300; i++) {
            form.file("message[attachments][" + i + "]", "f" + i + ".txt", "text/plain", new byte[] {'x'});
        }
        remember();

        assertError(uploads().post(messages(caseId), form), 400, "too_many_parts");
        assertNothingStored();
    }

    @Test
    void moreFilesThanAMessageTakes() {
        long caseId = newCase(admin());
        Multipart form = Multipart.form().field("message[content]", "many");
        for (int i = 0; i < 21; i++) {
            form.file("message[attachments][" + i + "]", "f" + i + ".txt", "text/plain", new byte[] {'x'});
        }
        remember();

        Answer answer = uploads().post(messages(caseId), form);

        assertError(answer, 400, "invalid_field");
        assertThat(answer.json().get("description").asText()).contains("at most 20");
        assertNothingStored();
    }

    @Test
    void filesForACaseThatDoesNotExistAreNotKept() {
        remember();

        assertError(uploads().post(messages(987_654_321L), Multipart.form().field("message[content]", "lost")
                .file("message[attachments][0]", "a.bin", "application/octet-stream", bytes(5000))), 404, "case_not_found");
        assertNothingStored();
    }

    @Test
    void filesOfAMessageRefusedForItsOtherFieldsAreNotKept() {
        long caseId = newCase(admin());
        remember();

        Answer answer = uploads().post(messages(caseId), Multipart.form()
                .field("message[content]", "from whom?").field("message[user_id]", "999999999")
                .file("message[attachments][0]", "a.bin", "application/octet-stream", bytes(5000))
                .file("message[attachments][1]", "b.bin", "application/octet-stream", bytes(5000)));

        assertClientError(answer);
        assertNothingStored();
    }

    @Test
    void aWrongTypeInATextField() {
        long caseId = newCase(admin());
        remember();

        assertError(uploads().post(messages(caseId), Multipart.form()
                .field("message[content]", "hi").field("message[user_id]", "abc")
                .file("message[attachments][0]", "a.bin", "application/octet-stream", bytes(10))), 400, "invalid_field");
        assertNothingStored();
    }

    @Test
    void multipartWhereNoFilesAreTakenIsRefused() {
        long caseId = newCase(admin());
        remember();

        Answer answer = uploads().post("/api/users.json", Multipart.form().field("user[user_email]", "a@b.example")
                .file("user[attachments][0]", "a.bin", "application/octet-stream", bytes(10)));
        assertClientError(answer);
        Answer put = uploads().post("/api/cases/" + caseId + "/end_chat.json", Multipart.form()
                .file("chat[attachments][0]", "a.bin", "application/octet-stream", bytes(10)));
        assertClientError(put);
        assertNothingStored();
    }

    @Test
    void unauthenticatedUploadsAreRefusedBeforeAnythingIsRead() {
        long caseId = newCase(admin());
        remember();

        Answer answer = new Uploads("http://127.0.0.1:" + port, "nobody@example.com", "wrong-key")
                .post(messages(caseId), Multipart.form().field("message[content]", "x")
                        .file("message[attachments][0]", "a.bin", "application/octet-stream", bytes(10)));

        assertError(answer, 401, "unauthorized");
        assertNothingStored();
    }
}
