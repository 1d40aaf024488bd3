package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Uploads;

/**
 * The cleanup removes files that never got a message once they are a day old — row and content —
 * and never a file of a message, however old. Called directly (its timer runs hourly).
 */
class AttachmentCleanupTest extends SwitchboardTest {

    @Autowired
    AttachmentCleanup cleanup;

    @Autowired
    Attachments attachments;

    @Autowired
    AttachmentStore store;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CamelContext camel;

    @Value("${switchboard.data-dir}")
    Path dataDir;

    private Attachment orphan() throws IOException {
        return attachments.store(new ByteArrayInputStream(bytes(100)), "orphan.bin", null, 1_000_000);
    }

    private void age(long attachmentId, int days) {
        jdbc.sql("UPDATE attachment SET created_at = ? WHERE id = ?")
                .params(OffsetDateTime.now().minusDays(days), attachmentId).update();
    }

    private boolean exists(Attachment file) {
        return attachments.find(file.id()).isPresent();
    }

    private boolean hasContent(Attachment file) {
        try (var in = store.open(file.storageKey())) {
            return in != null;
        } catch (IOException gone) {
            return false;
        }
    }

    private JsonNode fileOfAMessage() {
        Answer answer = Uploads.admin(port).post(messages(newCase(admin())), Multipart.form()
                .file("message[attachments][0]", "kept.bin", "application/octet-stream", bytes(100)));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message").get("attachments").get(0);
    }

    @Test
    void oldOrphansGoYoungOrphansAndFilesOfMessagesStay() throws IOException {
        Attachment old = orphan();
        age(old.id(), 2);
        Attachment young = orphan();
        age(young.id(), 0);
        JsonNode used = fileOfAMessage();
        age(used.get("file_id").asLong(), 400);
        Attachment usedFile = attachments.find(used.get("file_id").asLong()).orElseThrow();

        assertThat(cleanup.removeOrphans()).isGreaterThanOrEqualTo(1);

        assertThat(exists(old)).isFalse();
        assertThat(hasContent(old)).isFalse();
        assertThat(exists(young)).isTrue();
        assertThat(hasContent(young)).isTrue();
        assertThat(exists(usedFile)).isTrue();
        assertThat(hasContent(usedFile)).isTrue();
        assertThat(Uploads.download(used.get("url").asText()).status()).isEqualTo(200);
        attachments.discard(List.of(young));
    }

    @Test
    void aBacklogLargerThanOneBatchIsRemovedInOneRun() throws IOException {
        List<Attachment> orphans = new ArrayList<>();
        for (int i = 0; i < 520; i++) {
            orphans.add(orphan());
        }
        jdbc.sql("UPDATE attachment SET created_at = ? WHERE message_id IS NULL")
                .param(OffsetDateTime.now().minusDays(3)).update();

        cleanup.removeOrphans();

        assertThat(orphans).noneMatch(this::exists);
        assertThat(orphans).noneMatch(this::hasContent);
    }

    @Test
    void discardingNeverTouchesAFileThatBelongsToAMessage() {
        JsonNode used = fileOfAMessage();
        Attachment file = attachments.find(used.get("file_id").asLong()).orElseThrow();

        attachments.discard(List.of(file));

        assertThat(exists(file)).isTrue();
        assertThat(Uploads.download(used.get("url").asText()).status()).isEqualTo(200);
    }

    @Test
    void theCleanupIsARouteOnATimer() {
        assertThat(camel.getRoute("attachment-cleanup")).isNotNull();
        assertThat(camel.getRoute("attachment-cleanup").getEndpoint().getEndpointUri()).startsWith("timer:");
    }
}
