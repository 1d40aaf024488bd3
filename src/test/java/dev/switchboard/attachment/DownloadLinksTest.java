package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.assertDownloads;
import static dev.switchboard.attachment.FileFixtures.assertRefused;
import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Uploads;
import dev.switchboard.support.Uploads.Download;

/**
 * Download links: signed, expiring, for one file each. A link that was tampered with in any way
 * — signature, file id, expiry — or that expired is a 4xx with a JSON error, never a 500 and never
 * the file; a good one serves the file as a download with its stored type, without a login.
 */
class DownloadLinksTest extends SwitchboardTest {

    private static final Pattern LINK = Pattern.compile("(https?://[^/]+)/files/(\\d+)/([^?]+)\\?expires=(\\d+)&signature=([0-9a-f]+)");

    @Autowired
    AppSecrets secrets;

    @Autowired
    Attachments attachments;

    @Value("${switchboard.data-dir}")
    Path dataDir;

    private record Link(String base, long id, String name, long expires, String signature) {
        static Link of(String url) {
            Matcher m = LINK.matcher(url);
            assertThat(m.matches()).as(url).isTrue();
            return new Link(m.group(1), Long.parseLong(m.group(2)), m.group(3), Long.parseLong(m.group(4)), m.group(5));
        }

        String url(Object id, Object expires, Object signature) {
            return base + "/files/" + id + "/" + name + "?expires=" + expires + "&signature=" + signature;
        }
    }

    /** Posts a reply with one file; answers its file object. */
    private JsonNode fileOfANewMessage(String name, String type, byte[] content) {
        Answer answer = Uploads.admin(port).post(messages(newCase(admin())), Multipart.form()
                .file("message[attachments][0]", name, type, content));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        return answer.json().get("message").get("attachments").get(0);
    }

    @Test
    void aGoodLinkServesTheFileAsADownloadWithoutALogin() {
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes();
        JsonNode file = fileOfANewMessage("page.html", "text/html", html);

        Download download = assertDownloads(file, html, "text/html");

        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"page.html\"");
        assertThat(download.header("Content-Length")).isEqualTo(Integer.toString(html.length));
        assertThat(download.header("Content-Security-Policy")).contains("sandbox");
    }

    @Test
    void linksCarryAnUnguessableSignatureAndExpireAfterTheDefaultWeek() {
        JsonNode file = fileOfANewMessage("a.txt", "text/plain", bytes(5));
        long now = Instant.now().getEpochSecond();

        Link link = Link.of(file.get("url").asText());

        assertThat(link.id()).isEqualTo(file.get("file_id").asLong());
        assertThat(link.signature()).hasSize(64);
        assertThat(link.expires()).isBetween(now + 7 * 86400 - 60, now + 7 * 86400 + 60);
    }

    @Test
    void aTamperedSignatureIsRefused() {
        JsonNode file = fileOfANewMessage("a.bin", "application/octet-stream", bytes(100));
        Link link = Link.of(file.get("url").asText());
        char first = link.signature().charAt(0);
        String flipped = (first == '0' ? '1' : '0') + link.signature().substring(1);

        for (String signature : List.of(flipped, link.signature().toUpperCase(), link.signature().substring(2),
                link.signature() + "00", "", "zz", "%00")) {
            assertRefused(Uploads.download(link.url(link.id(), link.expires(), signature)), 403, "invalid_link");
        }
        assertRefused(Uploads.download(link.base() + "/files/" + link.id() + "/" + link.name()), 403, "invalid_link");
        assertRefused(Uploads.download(link.base() + "/files/" + link.id() + "/" + link.name() + "?expires="
                + link.expires()), 403, "invalid_link");
        assertRefused(Uploads.download(link.base() + "/files/" + link.id() + "/" + link.name() + "?signature="
                + link.signature()), 403, "invalid_link");
    }

    @Test
    void aSignatureDoesNotOpenAnotherFileOrALaterExpiry() {
        JsonNode mine = fileOfANewMessage("mine.bin", "application/octet-stream", bytes(100));
        JsonNode other = fileOfANewMessage("other.bin", "application/octet-stream", bytes(100));
        Link link = Link.of(mine.get("url").asText());
        long otherId = other.get("file_id").asLong();

        assertRefused(Uploads.download(link.url(otherId, link.expires(), link.signature())), 403, "invalid_link");
        assertRefused(Uploads.download(link.url(link.id() + 1, link.expires(), link.signature())), 403, "invalid_link");
        assertRefused(Uploads.download(link.url(link.id(), link.expires() + 1, link.signature())), 403, "invalid_link");
        assertRefused(Uploads.download(link.url(link.id(), Long.MAX_VALUE, link.signature())), 403, "invalid_link");
        assertRefused(Uploads.download(link.url(link.id(), 0, link.signature())), 403, "invalid_link");
    }

    @Test
    void aCorrectlySignedLinkThatHasExpiredIsRefused() {
        JsonNode file = fileOfANewMessage("old.bin", "application/octet-stream", bytes(100));
        Link link = Link.of(file.get("url").asText());
        byte[] key = secrets.get("file-links");
        long now = Instant.now().getEpochSecond();

        assertThat(Uploads.download(LinkSigning.link(link.base(), key, link.id(), link.name(), now + 60)).status())
                .as("the key and format are right").isEqualTo(200);
        assertRefused(Uploads.download(LinkSigning.link(link.base(), key, link.id(), link.name(), now - 1)),
                403, "invalid_link");
        assertRefused(Uploads.download(LinkSigning.link(link.base(), key, link.id(), link.name(), 1)),
                403, "invalid_link");
    }

    @Test
    void linksThatAreNotLinksAtAllAreClientErrors() {
        JsonNode file = fileOfANewMessage("a.bin", "application/octet-stream", bytes(10));
        Link link = Link.of(file.get("url").asText());

        for (String url : List.of(link.url("abc", link.expires(), link.signature()),
                link.url("99999999999999999999999", link.expires(), link.signature()),
                link.url(link.id(), "soon", link.signature()),
                link.url(link.id(), "1e99", link.signature()),
                link.url(-1, link.expires(), link.signature()),
                link.base() + "/files/" + link.id(),
                link.base() + "/files/")) {
            Download download = Uploads.download(url);
            assertThat(download.status()).as(url + " -> " + download.text()).isBetween(400, 499);
            assertThat(download.json().path("error").isTextual()).as(url + " -> " + download.text()).isTrue();
        }
        Download post = Uploads.fetch(file.get("url").asText(), "DELETE");
        assertThat(post.status()).isBetween(400, 499);
        assertThat(post.json().path("error").isTextual()).isTrue();
    }

    @Test
    void theNameInTheLinkIsForPeopleTheFileIsServedUnderItsOwn() {
        byte[] content = bytes(10);
        JsonNode file = fileOfANewMessage("report.pdf", "application/pdf", content);
        Link link = Link.of(file.get("url").asText());

        Download download = Uploads.download(link.base() + "/files/" + link.id() + "/evil.html?expires="
                + link.expires() + "&signature=" + link.signature());

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.bytes()).isEqualTo(content);
        assertThat(download.header("Content-Type")).isEqualTo("application/pdf");
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"report.pdf\"");
    }

    @Test
    void aFileThatBelongsToNoMessageIsNotServedEvenWithAGoodSignature() throws IOException {
        Attachment orphan = attachments.store(new ByteArrayInputStream(bytes(10)), "orphan.bin", null, 1_000_000);
        String base = "http://127.0.0.1:" + port;
        byte[] key = secrets.get("file-links");
        long expires = Instant.now().getEpochSecond() + 600;

        assertRefused(Uploads.download(LinkSigning.link(base, key, orphan.id(), "orphan.bin", expires)),
                404, "file_not_found");
        assertRefused(Uploads.download(LinkSigning.link(base, key, 987_654_321L, "none.bin", expires)),
                404, "file_not_found");
        attachments.discard(List.of(orphan));
    }

    @Test
    void aFileWhoseContentIsGoneIsNotFoundNotAServerError() throws IOException {
        JsonNode file = fileOfANewMessage("gone.bin", "application/octet-stream", bytes(10));
        Attachment stored = attachments.find(file.get("file_id").asLong()).orElseThrow();
        Path content = dataDir.resolve("files").resolve(stored.storageKey().substring(0, 2)).resolve(stored.storageKey());
        assertThat(content).exists();
        Files.delete(content);

        assertRefused(Uploads.download(file.get("url").asText()), 404, "file_not_found");
    }

    @Test
    void theLinkPointsAtThisInstallation() {
        JsonNode file = fileOfANewMessage("a.bin", "application/octet-stream", bytes(1));
        URI url = URI.create(file.get("url").asText());

        assertThat(url.getPort()).isEqualTo(port);
        assertThat(url.getPath()).isEqualTo("/files/" + file.get("file_id").asLong() + "/a.bin");
        assertThat(Map.of("q", url.getQuery())).extractingByKey("q").asString().startsWith("expires=");
    }
}
