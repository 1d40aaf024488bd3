package dev.switchboard.attachment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.desk.api.ApiFixtures;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.Uploads;

/** Shared pieces of the attachment tests: contents, counts of what is stored, download checks. */
final class FileFixtures {

    private static final Random RANDOM = new Random();

    private FileFixtures() {
    }

    /** {@code size} random bytes (every byte value occurs in larger ones: nothing may be mangled). */
    static byte[] bytes(int size) {
        byte[] content = new byte[size];
        RANDOM.nextBytes(content);
        return content;
    }

    static String messages(long caseId) {
        return "/api/cases/" + caseId + "/messages.json";
    }

    /** A case of the built-in api channel, by a new customer. */
    static long newCase(DeskClient api) {
        return ApiFixtures.emailCase(api, ApiFixtures.email()).get("case_id").asLong();
    }

    /** The messages of a case, oldest first. */
    static List<JsonNode> messageList(DeskClient api, long caseId) {
        DeskClient.Answer answer = api.get(messages(caseId));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return ApiFixtures.items(answer.json(), "message");
    }

    /** Downloads a file object's url and checks it is served as a download of exactly these bytes. */
    static Uploads.Download assertDownloads(JsonNode file, byte[] expected, String contentType) {
        Uploads.Download download = Uploads.download(file.get("url").asText());
        assertThat(download.status()).as(download.text()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(expected);
        assertThat(download.header("Content-Type")).isEqualTo(contentType);
        assertThat(download.header("Content-Disposition")).startsWith("attachment;");
        assertThat(download.header("X-Content-Type-Options")).isEqualTo("nosniff");
        return download;
    }

    /** A refused download: 4xx with a JSON error body. */
    static void assertRefused(Uploads.Download download, int status, String code) {
        assertThat(download.status()).as(download.text()).isEqualTo(status);
        assertThat(download.header("Content-Type")).as(download.text()).startsWith("application/json");
        assertThat(download.json().path("error").asText()).as(download.text()).isEqualTo(code);
        assertThat(download.json().path("description").asText()).as(download.text()).isNotBlank();
    }

    /** How much is stored: attachment rows and message rows in the database, files in the store. */
    record Stored(long attachments, long messages, long files) {
    }

    static Stored stored(JdbcClient jdbc, Path dataDir) {
        long attachments = jdbc.sql("SELECT COUNT(*) FROM attachment").query(Long.class).single();
        long messages = jdbc.sql("SELECT COUNT(*) FROM message").query(Long.class).single();
        return new Stored(attachments, messages, storeFiles(dataDir).size());
    }

    /** Every regular file under the store's directory. */
    static List<Path> storeFiles(Path dataDir) {
        Path root = dataDir.resolve("files");
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
