package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.assertDownloads;
import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messageList;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static dev.switchboard.attachment.FileFixtures.stored;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.attachment.FileFixtures.Stored;
import dev.switchboard.desk.cases.CaseMessages;
import dev.switchboard.desk.staff.StaffRepository;
import dev.switchboard.support.AppTest;
import dev.switchboard.support.FileServer;
import dev.switchboard.support.SwitchboardTest;

/**
 * The store as channel and bot code uses it (not through the desk API): a stream stored within the
 * limits and the message's remaining budget, a file fetched by URL with the headers a channel's API
 * needs, and a bot's reply carrying them — listed and downloadable like uploaded ones.
 */
class ChannelAndBotFilesTest extends SwitchboardTest {

    private static final FileServer SERVER = new FileServer();

    @Autowired
    Attachments attachments;

    @Autowired
    UrlFetcher fetcher;

    @Autowired
    CaseMessages messages;

    @Autowired
    StaffRepository staff;

    @Autowired
    JdbcClient jdbc;

    @Value("${switchboard.data-dir}")
    Path dataDir;

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Test
    void aBotsReplyWithFilesFromItsOwnCodeIsListedAndDownloadable() throws IOException {
        long caseId = newCase(admin());
        byte[] photo = bytes(5000);
        byte[] voice = bytes(3000);
        String path = SERVER.path("voice.ogg");
        String url = SERVER.serve(path, "audio/ogg", voice);

        Attachment first = attachments.store(new ByteArrayInputStream(photo), "photo.jpg", "image/jpeg",
                attachments.maxMessageSize());
        Attachment second;
        try (UrlFetcher.Download download = fetcher.fetch("bot.file", url, Map.of("Authorization", "Bearer bot-token"))) {
            second = attachments.store(download.content(), download.fileName(), download.contentType(),
                    attachments.maxMessageSize() - first.size());
        }
        messages.reply(caseId, staff.findByEmail(AppTest.ADMIN_EMAIL).orElseThrow(), "from the bot",
                List.of(first, second), List.of());

        assertThat(SERVER.hits(path).get(0).headers()).containsEntry("authorization", "Bearer bot-token");
        JsonNode reply = messageList(admin(), caseId).get(1);
        assertThat(reply.get("content").asText()).isEqualTo("from the bot");
        assertThat(reply.get("attachments")).hasSize(2);
        assertThat(reply.get("attachments").get(1).get("file_name").asText()).isEqualTo("voice.ogg");
        assertDownloads(reply.get("attachments").get(0), photo, "image/jpeg");
        assertDownloads(reply.get("attachments").get(1), voice, "audio/ogg");
    }

    @Test
    void aStreamPastTheFileLimitOrTheMessagesBudgetIsRefusedAndNotKept() {
        Stored before = stored(jdbc, dataDir);

        assertThatThrownBy(() -> attachments.store(new ByteArrayInputStream(bytes(2001)), "a.bin", null, 2000))
                .isInstanceOf(FileTooLargeException.class);
        assertThatThrownBy(() -> attachments.store(new ByteArrayInputStream(new byte[25 * 1024 * 1024 + 1]), "b.bin",
                null, Long.MAX_VALUE)).isInstanceOf(FileTooLargeException.class);

        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void aStreamThatBreaksOffIsNotKept() {
        Stored before = stored(jdbc, dataDir);
        java.io.InputStream breaking = new java.io.SequenceInputStream(new ByteArrayInputStream(bytes(100_000)),
                new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });

        assertThatThrownBy(() -> attachments.store(breaking, "c.bin", null, Long.MAX_VALUE))
                .isInstanceOf(IOException.class).hasMessageContaining("connection reset");

        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }
}
