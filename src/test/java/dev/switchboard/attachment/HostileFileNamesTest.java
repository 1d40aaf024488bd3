package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.FileServer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Uploads;
import dev.switchboard.support.Uploads.Download;

/**
 * Names that try to leave the store or to mislead whoever downloads the file — path traversal
 * with / and \, absolute paths, NUL and line breaks, right-to-left overrides, names of dots,
 * very long names — are stored only under the store's own keys and served under a harmless name.
 */
class HostileFileNamesTest extends SwitchboardTest {

    private static final FileServer SERVER = new FileServer();

    @Autowired
    Attachments attachments;

    @Value("${switchboard.data-dir}")
    Path dataDir;

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    private record Case(String sent, String expected) {
    }

    @Test
    void uploadedNamesWithPathsAreCutToTheirLastSegment() throws IOException {
        List<Case> cases = List.of(
                new Case("../../etc/passwd", "passwd"),
                new Case("..\\\\..\\\\windows\\\\win.ini", "win.ini"),
                new Case("/etc/shadow", "shadow"),
                new Case("C:\\\\Temp\\\\report.txt", "report.txt"),
                new Case("/var/../../../tmp/x.sh", "x.sh"),
                new Case("..", "file"),
                new Case(".", "file"),
                new Case("...", "file"),
                new Case("   ", "file"),
                new Case(".htaccess", "htaccess"),
                new Case("../", "file"),
                new Case("ромашка отчёт.pdf", "ромашка отчёт.pdf"),
                new Case("invoice\u202Efdp.exe", "invoicefdp.exe"));
        for (Case c : cases) {
            byte[] marker = marker();
            JsonNode file = upload(c.sent(), marker);
            assertThat(file.get("file_name").asText()).as(c.sent()).isEqualTo(c.expected());
            assertServedHarmlessly(file, marker);
            assertOnlyInTheStore(marker);
        }
        assertThat(dataDir.resolve("files").resolve("../../etc/passwd").normalize()).doesNotExist();
        assertThat(dataDir.resolve("files").resolve("../../etc/shadow").normalize()).doesNotExist();
    }

    @Test
    void aVeryLongNameKeepsItsEndWithinTheLimit() throws IOException {
        String sent = "a".repeat(5000) + ".pdf";
        byte[] marker = marker();

        JsonNode file = upload(sent, marker);

        String name = file.get("file_name").asText();
        assertThat(name).hasSize(Attachments.MAX_NAME).endsWith(".pdf").matches("a+\\.pdf");
        assertServedHarmlessly(file, marker);
        assertOnlyInTheStore(marker);
    }

    @Test
    void aNameLongerThanAPartHeaderMayBeIsACleanBadRequest() {
        Answer answer = Uploads.admin(port).post(messages(newCase(admin())), Multipart.form()
                .file("message[attachments][0]", "b".repeat(10_000), "application/octet-stream", marker()));

        assertError(answer, 400, "invalid_multipart");
        assertThat(answer.json().get("description").asText()).contains("header");
    }

    @Test
    void aLongNameIsNeverCutInsideACharacter() throws IOException {
        // 😀 takes two UTF-16 units: a cut at an odd position would leave half of one
        String sent = "😀".repeat(150) + "x.txt";
        JsonNode file = upload(sent, marker());

        String name = file.get("file_name").asText();
        assertThat(name.length()).isLessThanOrEqualTo(Attachments.MAX_NAME).isGreaterThan(Attachments.MAX_NAME - 2);
        assertThat(name).endsWith("x.txt");
        assertThat(name.chars().filter(ch -> Character.isSurrogate((char) ch)).count() % 2).isZero();
        int smiley = "😀".codePointAt(0);
        assertThat(name.codePoints().allMatch(cp -> cp == smiley || "x.txt".indexOf(cp) >= 0)).isTrue();
    }

    @Test
    void namesFromUrlsAreDecodedThenCleaned() throws IOException {
        for (Case c : List.of(
                new Case("..%2F..%2Fetc%2Fpasswd", "passwd"),
                new Case("..%5C..%5Cboot.ini", "boot.ini"),
                new Case("evil%00.txt", "evil.txt"),
                new Case("a%0D%0AContent-Type%3A%20text%2Fhtml.txt", "aContent-Type: text_html.txt".replace('_', '/')),
                new Case("%2E%2E", "file"),
                new Case("what%22s%20up.txt", "whats up.txt"))) {
            byte[] marker = marker();
            String url = SERVER.serve(SERVER.path(c.sent()), "application/octet-stream", marker);
            Answer answer = admin().post(messages(newCase(admin())), java.util.Map.of("message", java.util.Map.of(
                    "content", "x", "attachment_urls", List.of(url))));
            assertThat(answer.status()).as(c.sent() + " -> " + answer.body()).isEqualTo(201);
            JsonNode file = answer.json().get("message").get("attachments").get(0);
            String expected = c.expected().contains("/") ? c.expected().substring(c.expected().lastIndexOf('/') + 1)
                    : c.expected();
            assertThat(file.get("file_name").asText()).as(c.sent()).isEqualTo(expected);
            assertServedHarmlessly(file, marker);
            assertOnlyInTheStore(marker);
        }
    }

    @Test
    void namesGivenByChannelsAndBotsAreCleanedTheSameWay() throws IOException {
        for (Case c : List.of(
                new Case("a\u0000b.txt", "ab.txt"),
                new Case("line\r\nX-Injected: yes.txt", "lineX-Injected: yes.txt"),
                new Case("tab\there.txt", "tabhere.txt"),
                new Case("quote\"d.txt", "quoted.txt"),
                new Case("\uD800lonely.txt", "lonely.txt"),
                new Case(null, "file"),
                new Case("", "file"),
                new Case("dir/", "file"))) {
            Attachment stored = attachments.store(new ByteArrayInputStream(marker()), c.sent(), "text/plain", 1_000_000);
            assertThat(stored.fileName()).as(String.valueOf(c.sent())).isEqualTo(c.expected());
            assertThat(stored.storageKey()).matches("[0-9a-f]{32}");
            attachments.discard(List.of(stored));
        }
    }

    private JsonNode upload(String name, byte[] content) {
        Answer answer = Uploads.admin(port).post(messages(newCase(admin())), Multipart.form()
                .file("message[attachments][0]", name, "application/octet-stream", content));
        assertThat(answer.status()).as(name + " -> " + answer.body()).isEqualTo(201);
        return answer.json().get("message").get("attachments").get(0);
    }

    private static byte[] marker() {
        return ("marker " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    private static void assertServedHarmlessly(JsonNode file, byte[] content) {
        String name = file.get("file_name").asText();
        assertThat(name).doesNotContain("/", "\\", "\u0000", "\r", "\n", "\"").doesNotStartWith(".").isNotBlank();
        Download download = Uploads.download(file.get("url").asText());
        assertThat(download.status()).as(download.text()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(content);
        String disposition = download.header("Content-Disposition");
        assertThat(disposition).startsWith("attachment; filename=\"");
        String quoted = disposition.substring("attachment; filename=\"".length(), disposition.indexOf('"', 22));
        assertThat(quoted).doesNotContain("/", "\\", "..").doesNotStartWith(".").isNotBlank();
        assertThat(quoted.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)).as(disposition).isTrue();
    }

    /** The content exists once in the data directory: in the store, under a key, never under a name. */
    private void assertOnlyInTheStore(byte[] marker) throws IOException {
        List<Path> holding;
        try (Stream<Path> walk = Files.walk(dataDir)) {
            holding = walk.filter(Files::isRegularFile).filter(p -> !p.startsWith(dataDir.resolve("db"))
                    && !p.startsWith(dataDir.resolve("artemis"))).filter(p -> contains(p, marker)).toList();
        }
        assertThat(holding).hasSize(1);
        Path stored = holding.get(0);
        assertThat(stored.startsWith(dataDir.resolve("files"))).isTrue();
        assertThat(stored.getFileName().toString()).matches("[0-9a-f]{32}");
    }

    private static boolean contains(Path path, byte[] marker) {
        try {
            return Files.size(path) == marker.length && Arrays.equals(Files.readAllBytes(path), marker);
        } catch (IOException gone) {
            return false;
        }
    }
}
