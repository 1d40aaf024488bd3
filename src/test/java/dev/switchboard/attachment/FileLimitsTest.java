package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.assertDownloads;
import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static dev.switchboard.attachment.FileFixtures.stored;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.attachment.FileFixtures.Stored;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.FileServer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.RawHttp;
import dev.switchboard.support.Uploads;

/**
 * The limits per file and per message (here 64 KB and 100 KB), for uploads and for URLs, counted
 * while the bytes stream in: an endless upload or download is refused once past the limit, and a
 * refused message leaves nothing stored.
 */
class FileLimitsTest extends SmallLimitsTest {

    private static final FileServer SERVER = new FileServer();

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    private Uploads uploads() {
        return Uploads.admin(port);
    }

    private static Multipart oneFile(int size) {
        return Multipart.form().field("message[content]", "a file")
                .file("message[attachments][0]", "f.bin", "application/octet-stream", bytes(size));
    }

    @Test
    void aFileOfExactlyTheLimitIsTakenOneByteMoreIsNot() {
        long caseId = newCase(admin());
        byte[] exact = bytes(MAX_FILE);
        Answer taken = uploads().post(messages(caseId), Multipart.form()
                .file("message[attachments][0]", "exact.bin", "application/octet-stream", exact));
        assertThat(taken.status()).as(taken.body()).isEqualTo(201);
        assertDownloads(taken.json().get("message").get("attachments").get(0), exact, "application/octet-stream");
        Stored before = stored(jdbc, dataDir);

        assertError(uploads().post(messages(caseId), oneFile(MAX_FILE + 1)), 413, "payload_too_large");

        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void anUploadWithoutALengthIsRefusedOnceItPassesTheLimitWithoutWaitingForItsEnd() throws IOException {
        long caseId = newCase(admin());
        Multipart form = Multipart.form().field("message[content]", "endless");
        form.part("Content-Disposition: form-data; name=\"message[attachments][0]\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n", bytes(MAX_FILE + 40_000));
        byte[] start = form.openBytes();
        // one chunk of a chunked body that never ends: the file is past its limit, the body goes on
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        chunk.writeBytes((Integer.toHexString(start.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        chunk.writeBytes(start);
        chunk.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        Stored before = stored(jdbc, dataDir);

        RawHttp.Response answer = RawHttp.send(port, "POST " + messages(caseId) + " HTTP/1.1\r\nHost: 127.0.0.1"
                + "\r\nAuthorization: Basic " + Base64.getEncoder().encodeToString(
                        (ADMIN_EMAIL + ":" + ADMIN_KEY).getBytes(StandardCharsets.UTF_8))
                + "\r\nContent-Type: " + form.contentType() + "\r\nTransfer-Encoding: chunked", chunk.toByteArray());

        assertThat(answer.status()).as(answer.body()).isEqualTo(413);
        assertThat(DeskClient.JSON.readTree(answer.body()).get("error").asText()).isEqualTo("payload_too_large");
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void aUrlAnnouncingMoreThanTheLimitIsRefusedAndOneOfExactlyTheLimitTaken() {
        long caseId = newCase(admin());
        byte[] exact = bytes(MAX_FILE);
        String exactUrl = SERVER.serve(SERVER.path("exact.bin"), "application/octet-stream", exact);
        String overUrl = SERVER.serve(SERVER.path("over.bin"), "application/octet-stream", bytes(MAX_FILE + 1));

        Answer taken = postUrls(caseId, List.of(exactUrl));
        assertThat(taken.status()).as(taken.body()).isEqualTo(201);
        assertDownloads(taken.json().get("message").get("attachments").get(0), exact, "application/octet-stream");
        Stored before = stored(jdbc, dataDir);

        assertError(postUrls(caseId, List.of(overUrl)), 413, "payload_too_large");
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void anEndlessDownloadIsCutOffOnceItPassesTheLimit() {
        long caseId = newCase(admin());
        String path = SERVER.path("endless.bin");
        long total = 500L * 1024 * 1024;
        String url = SERVER.endless(path, total);
        Stored before = stored(jdbc, dataDir);

        assertError(postUrls(caseId, List.of(url)), 413, "payload_too_large");

        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
        assertThat(SERVER.sent(path)).as("the reader stopped long before the end").isLessThan(total);
    }

    @Test
    void filesWithinTheirLimitButOverTheMessagesTogetherAreRefusedWhole() {
        long caseId = newCase(admin());
        String url = SERVER.serve(SERVER.path("second.bin"), "application/octet-stream", bytes(60 * 1024));
        Stored before = stored(jdbc, dataDir);

        Answer answer = uploads().post(messages(caseId), oneFile(60 * 1024)
                .field("message[attachment_urls][0]", url));

        assertError(answer, 413, "payload_too_large");
        assertThat(answer.json().get("description").asText()).contains("per message");
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);

        Answer two = postUrls(caseId, List.of(url, SERVER.serve(SERVER.path("third.bin"), "text/plain",
                bytes(50 * 1024))));
        assertError(two, 413, "payload_too_large");
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void aMultipartBodyOverTheMessageLimitIsRefusedByItsLength() {
        long caseId = newCase(admin());
        Multipart form = Multipart.form().field("message[content]", "two big ones")
                .file("message[attachments][0]", "a.bin", "application/octet-stream", bytes(60 * 1024))
                .file("message[attachments][1]", "b.bin", "application/octet-stream", bytes(60 * 1024));
        Stored before = stored(jdbc, dataDir);

        assertError(uploads().post(messages(caseId), form), 413, "payload_too_large");
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void moreFilesThanConfiguredAreRefusedBeforeAnyIsFetched() {
        long caseId = newCase(admin());
        String path = SERVER.path("one.txt");
        String url = SERVER.serve(path, "text/plain", "1".getBytes(StandardCharsets.UTF_8));
        Stored before = stored(jdbc, dataDir);

        Answer answer = postUrls(caseId, List.of(url, url, url, url, url));

        assertError(answer, 400, "invalid_field");
        assertThat(answer.json().get("description").asText()).contains("at most " + MAX_FILES);
        assertThat(SERVER.hits(path)).isEmpty();
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    private Answer postUrls(long caseId, List<String> urls) {
        return admin().post(messages(caseId), obj("message", obj("content", "links", "attachment_urls", urls)));
    }
}
