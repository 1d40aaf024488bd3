package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.assertDownloads;
import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static dev.switchboard.attachment.FileFixtures.stored;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.attachment.FileFixtures.Stored;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.FileServer;
import dev.switchboard.support.Multipart;
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
    void anUploadWithoutALengthIsCutOffOnceItPassesTheLimit() {
        long caseId = newCase(admin());
        Multipart head = Multipart.form().field("message[content]", "endless");
        head.part("Content-Disposition: form-data; name=\"message[attachments][0]\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n", new byte[0]);
        byte[] start = head.openBytes();
        // the part's content, then (never reached) the closing delimiter: 200 MB in all, made as it is read
        byte[] partStart = java.util.Arrays.copyOf(start, start.length - 2);
        Stored before = stored(jdbc, dataDir);

        Answer answer = uploads().postStreamed(messages(caseId), head.contentType(), () -> new SequenceInputStream(
                new ByteArrayInputStream(partStart), new Zeros(200L * 1024 * 1024)));

        assertError(answer, 413, "payload_too_large");
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

    /** {@code size} zero bytes, made as they are read. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
