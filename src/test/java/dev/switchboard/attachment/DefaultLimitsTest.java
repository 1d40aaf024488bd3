package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static dev.switchboard.attachment.FileFixtures.stored;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.attachment.FileFixtures.Stored;
import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.RawHttp;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Uploads;

/**
 * The limits as shipped: a file of exactly 25 MB is taken and comes back byte for byte,
 * one byte more is refused, and a message of more than 50 MB is refused by its length before any
 * of it is sent. The bodies are generated as they are sent.
 */
class DefaultLimitsTest extends SwitchboardTest {

    private static final int MB = 1024 * 1024;

    @Autowired
    JdbcClient jdbc;

    @Value("${switchboard.data-dir}")
    Path dataDir;

    @Test
    void aFileOfExactly25MbIsTakenAndDownloadsTheSameBytes() throws NoSuchAlgorithmException {
        long caseId = newCase(admin());

        Answer answer = postFiles(caseId, List.of(25L * MB));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode file = answer.json().get("message").get("attachments").get(0);
        assertThat(file.get("file_size").asLong()).isEqualTo(25L * MB);
        Uploads.Download download = Uploads.download(file.get("url").asText());
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes().length).isEqualTo(25 * MB);
        assertThat(MessageDigest.getInstance("SHA-256").digest(download.bytes())).isEqualTo(digest(25L * MB));
    }

    @Test
    void oneByteMoreIsRefusedAndNothingIsKept() {
        long caseId = newCase(admin());
        Stored before = stored(jdbc, dataDir);

        assertError(postFiles(caseId, List.of(25L * MB + 1)), 413, "payload_too_large");

        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void aMessageOfMoreThan50MbIsRefusedByItsLengthBeforeItsBodyIsSent() throws Exception {
        long caseId = newCase(admin());
        Stored before = stored(jdbc, dataDir);
        String head = "POST " + messages(caseId) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                + Base64.getEncoder().encodeToString((AppTest.ADMIN_EMAIL + ":" + AppTest.ADMIN_KEY)
                        .getBytes(StandardCharsets.UTF_8))
                + "\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: " + (50L * MB + 1);

        for (String expect : List.of("\r\nExpect: 100-continue", "")) {
            // the body is never sent: the answer comes from the headers alone (no 100 Continue first)
            RawHttp.Response answer = RawHttp.send(port, head + expect);
            assertThat(answer.status()).as(answer.body()).isEqualTo(413);
            assertThat(answer.header("Content-Type")).startsWith("application/json");
            JsonNode error = DeskClient.JSON.readTree(answer.body());
            assertThat(error.get("error").asText()).isEqualTo("payload_too_large");
            assertThat(error.get("description").asText()).contains("25MB per file", "50MB per message");
        }
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void filesWithinTheMessageLimitPassTheContainerAndAreCountedByTheStore() {
        long caseId = newCase(admin());

        Answer answer = postFiles(caseId, List.of(20L * MB, 20L * MB));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        assertThat(answer.json().get("message").get("attachments")).hasSize(2);
    }

    /** A multipart message with files of these sizes, streamed with its Content-Length. */
    private Answer postFiles(long caseId, List<Long> sizes) {
        Multipart head = Multipart.form().field("message[content]", "big");
        String boundary = head.boundary();
        List<InputStream> parts = new java.util.ArrayList<>();
        long length = 0;
        byte[] start = head.openBytes();
        parts.add(new ByteArrayInputStream(start));
        length += start.length;
        for (int i = 0; i < sizes.size(); i++) {
            byte[] partHead = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"message[attachments][" + i
                    + "]\"; filename=\"big" + i + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8);
            parts.add(new ByteArrayInputStream(partHead));
            parts.add(new Pattern(sizes.get(i)));
            parts.add(new ByteArrayInputStream("\r\n".getBytes(StandardCharsets.UTF_8)));
            length += partHead.length + sizes.get(i) + 2;
        }
        byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        parts.add(new ByteArrayInputStream(end));
        length += end.length;
        List<InputStream> all = parts;
        return Uploads.admin(port).post(messages(caseId), head.contentType(), HttpRequest.BodyPublishers.fromPublisher(
                HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(Collections.enumeration(all))),
                length));
    }

    private static byte[] digest(long size) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[64 * 1024];
        try (Pattern pattern = new Pattern(size)) {
            int n;
            while ((n = pattern.read(buffer, 0, buffer.length)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    /** {@code size} bytes of a fixed, non-repeating-looking pattern, made as they are read. */
    private static final class Pattern extends InputStream {
        private final long size;
        private long position;

        Pattern(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return position < size ? at(position++) : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(length, size - position);
            for (int i = 0; i < n; i++) {
                buffer[offset + i] = (byte) at(position++);
            }
            return n;
        }

        @Override
        public void close() {
        }

        private static int at(long i) {
            return (int) ((i * 2654435761L) >>> 13) & 0xff;
        }
    }
}
