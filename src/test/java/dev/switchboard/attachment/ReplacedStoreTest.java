package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.assertDownloads;
import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static dev.switchboard.attachment.FileFixtures.storeFiles;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.desk.api.ApiFixtures;
import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.Uploads;

/**
 * Another store in place of the filesystem — as an object store would be — by providing an
 * {@link AttachmentStore} bean marked {@code @Primary}: uploads, downloads and removals all go
 * through it, and nothing is written under the data directory's files/.
 */
@Import(ReplacedStoreTest.MemoryStoreConfig.class)
class ReplacedStoreTest extends AppTest {

    private static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
    }

    /** An object store in a map: keys of its own making, limits counted while reading, like any store must. */
    static final class MemoryStore implements AttachmentStore {
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();
        volatile boolean full;

        @Override
        public Stored put(InputStream content, long maxBytes) throws IOException {
            if (full) {
                throw new IOException("No space left on device");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = content.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                if (out.size() > maxBytes) {
                    throw new FileTooLargeException("the file", maxBytes);
                }
            }
            String key = "mem-" + UUID.randomUUID();
            objects.put(key, out.toByteArray());
            return new Stored(key, out.size());
        }

        @Override
        public InputStream open(String key) throws IOException {
            byte[] object = objects.get(key);
            if (object == null) {
                throw new NoSuchFileException(key);
            }
            return new ByteArrayInputStream(object);
        }

        @Override
        public void delete(String key) {
            objects.remove(key);
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class MemoryStoreConfig {
        @Bean
        @Primary
        MemoryStore memoryStore() {
            return new MemoryStore();
        }
    }

    @Autowired
    MemoryStore memory;

    @Autowired
    Attachments attachments;

    @Value("${switchboard.data-dir}")
    Path dataDir;

    @Test
    void uploadsUrlsDownloadsAndRemovalsGoThroughTheReplacement() throws IOException {
        byte[] content = bytes(12_345);
        Answer answer = Uploads.admin(port).post(messages(newCase(admin())), Multipart.form()
                .field("message[content]", "to the object store")
                .file("message[attachments][0]", "doc.pdf", "application/pdf", content));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode file = answer.json().get("message").get("attachments").get(0);

        Attachment stored = attachments.find(file.get("file_id").asLong()).orElseThrow();
        assertThat(memory.objects.get(stored.storageKey())).isEqualTo(content);
        assertDownloads(file, content, "application/pdf");
        assertThat(storeFiles(dataDir)).as("nothing on the filesystem").isEmpty();

        Attachment orphan = attachments.store(new ByteArrayInputStream(bytes(10)), "o.bin", null, 100);
        assertThat(memory.objects).containsKey(orphan.storageKey());
        attachments.discard(java.util.List.of(orphan));
        assertThat(memory.objects).doesNotContainKey(orphan.storageKey());
    }

    @Test
    void aStoreThatCannotWriteIsAServerErrorNotTheSendersFault() {
        long caseId = newCase(admin());
        memory.full = true;
        try {
            Answer answer = Uploads.admin(port).post(messages(caseId), Multipart.form()
                    .file("message[attachments][0]", "a.bin", "application/octet-stream", bytes(100)));

            assertThat(answer.status()).as(answer.body()).isEqualTo(500);
            assertThat(answer.json().get("error").asText()).isEqualTo("internal_error");
            assertThat(answer.body()).doesNotContain("No space left");
        } finally {
            memory.full = false;
        }
        assertThat(FileFixtures.messageList(admin(), caseId)).hasSize(1);
    }

    @Test
    void aRefusedMessageLeavesNothingInTheReplacement() {
        int before = memory.objects.size();

        Answer answer = Uploads.admin(port).post(messages(newCase(admin())), Multipart.form()
                .field("message[user_id]", "999999999")
                .file("message[attachments][0]", "a.bin", "application/octet-stream", bytes(100)));

        ApiFixtures.assertClientError(answer);
        assertThat(memory.objects).hasSize(before);
    }
}
