package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.assertDownloads;
import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messageList;
import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static dev.switchboard.attachment.FileFixtures.stored;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.switchboard.attachment.FileFixtures.Stored;
import dev.switchboard.desk.api.ApiFixtures;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.FileServer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Uploads;

/**
 * {@code attachment_urls}: files fetched from where a client points, stored like uploads. A URL
 * that does not answer a file (404, 500, a redirect, a dead port, not http at all) is a clean 400
 * and nothing of the message is stored. (The test servers are on 127.0.0.1, which the test
 * configuration allows; {@link PrivateNetworksRefusedTest} checks the default.)
 */
class AttachmentUrlsTest extends SwitchboardTest {

    private static final FileServer SERVER = new FileServer();

    @Autowired
    JdbcClient jdbc;

    @Value("${switchboard.data-dir}")
    Path dataDir;

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    private Answer postUrls(long caseId, List<String> urls) {
        return admin().post(messages(caseId), obj("message", obj("content", "see links", "attachment_urls", urls)));
    }

    @Test
    void filesNamedByUrlAreFetchedListedAndDownloadable() {
        long caseId = newCase(admin());
        byte[] report = bytes(40_000);
        byte[] photo = bytes(2_000);
        String reportUrl = SERVER.serve(SERVER.path("report%20Q1.pdf"), "application/pdf", report);
        String photoUrl = SERVER.serve(SERVER.path("photo.jpg"), "image/jpeg", photo);

        Answer answer = postUrls(caseId, List.of(reportUrl, photoUrl));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode files = answer.json().get("message").get("attachments");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("file_name").asText()).isEqualTo("report Q1.pdf");
        assertThat(files.get(0).get("file_size").asLong()).isEqualTo(report.length);
        assertThat(files.get(0).get("mime_type").asText()).isEqualTo("application/pdf");
        assertThat(files.get(1).get("file_name").asText()).isEqualTo("photo.jpg");
        assertDownloads(files.get(0), report, "application/pdf");
        assertDownloads(files.get(1), photo, "image/jpeg");
        JsonNode listed = messageList(admin(), caseId).get(1);
        assertDownloads(listed.get("attachments").get(1), photo, "image/jpeg");
    }

    @Test
    void aUrlWithoutTypeOrNameStillGivesAFile() {
        long caseId = newCase(admin());
        byte[] content = bytes(10);
        String path = "/f/" + ApiFixtures.uid() + "/";
        String url = SERVER.serve(path, null, content);

        Answer answer = postUrls(caseId, List.of(url + "?download=1"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode file = answer.json().get("message").get("attachments").get(0);
        assertThat(file.get("file_name").asText()).isEqualTo("file");
        assertThat(file.get("mime_type").asText()).isEqualTo("application/octet-stream");
        assertDownloads(file, content, "application/octet-stream");
    }

    @Test
    void aNewCaseAndANoteTakeUrlsToo() {
        byte[] a = bytes(300);
        byte[] b = bytes(400);
        Answer created = admin().post("/api/cases.json", obj("case", obj("user_email", ApiFixtures.email(),
                "subject", "urls", "content", "first", "attachment_urls",
                List.of(SERVER.serve(SERVER.path("a.txt"), "text/plain", a)))));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long caseId = created.json().get("case").get("case_id").asLong();
        assertDownloads(messageList(admin(), caseId).get(0).get("attachments").get(0), a, "text/plain");

        Answer note = admin().post("/api/cases/" + caseId + "/note.json", obj("note", obj("content", "n",
                "attachment_urls", List.of(SERVER.serve(SERVER.path("b.txt"), "text/plain", b)))));
        assertThat(note.status()).as(note.body()).isEqualTo(201);
        assertDownloads(note.json().get("message").get("attachments").get(0), b, "text/plain");
    }

    @Test
    void uploadsAndUrlsTogetherUploadsFirst() {
        long caseId = newCase(admin());
        byte[] uploaded = bytes(100);
        byte[] fetched = bytes(200);
        String url = SERVER.serve(SERVER.path("fetched.bin"), "application/octet-stream", fetched);

        Answer answer = Uploads.admin(port).post(messages(caseId), Multipart.form()
                .field("message[content]", "both")
                .field("message[attachment_urls][0]", url)
                .file("message[attachments][0]", "uploaded.bin", "application/octet-stream", uploaded));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        JsonNode files = answer.json().get("message").get("attachments");
        assertThat(files).hasSize(2);
        assertThat(files.get(0).get("file_name").asText()).isEqualTo("uploaded.bin");
        assertDownloads(files.get(0), uploaded, "application/octet-stream");
        assertThat(files.get(1).get("file_name").asText()).isEqualTo("fetched.bin");
        assertDownloads(files.get(1), fetched, "application/octet-stream");
    }

    @Test
    void urlsThatAnswerNoFileAreACleanBadRequestAndNothingIsStored() {
        long caseId = newCase(admin());
        String good = SERVER.serve(SERVER.path("good.bin"), "application/octet-stream", bytes(1000));
        List<String> bad = List.of(
                SERVER.url(SERVER.path("missing.png")),
                SERVER.status(SERVER.path("broken.png"), 500, null),
                SERVER.status(SERVER.path("moved.png"), 302, good),
                SERVER.status(SERVER.path("nothing.png"), 204, null),
                "http://127.0.0.1:1/closed-port.png");
        Stored before = stored(jdbc, dataDir);

        for (String url : bad) {
            // the good file first: it must not be kept when the next one fails
            Answer answer = postUrls(caseId, List.of(good, url));
            assertError(answer, 400, "attachment_unreachable");
            assertThat(answer.json().get("description").asText()).as(url).contains("message.attachment_urls");
        }
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void urlsThatAreNotHttpAreRefusedWithoutFetching() {
        long caseId = newCase(admin());
        Stored before = stored(jdbc, dataDir);

        for (String url : List.of("file:///etc/passwd", "ftp://127.0.0.1/a.txt", "jar:file:/x.jar!/a",
                "gopher://127.0.0.1:" + SERVER.port() + "/x", "javascript:alert(1)", "//127.0.0.1/a", "/etc/passwd",
                "not a url", "http://", "http:///path-only", "", " ", "http://[::1", "http://exa mple.com/a")) {
            Answer answer = postUrls(caseId, List.of(url));
            assertThat(answer.status()).as(url + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.json().path("error").asText()).as(url).isIn("invalid_field", "missing_field");
        }
        assertError(admin().post(messages(caseId), "{\"message\":{\"content\":\"x\",\"attachment_urls\":[null]}}"),
                400, "invalid_field");
        assertError(admin().post(messages(caseId), "{\"message\":{\"content\":\"x\",\"attachment_urls\":[{}]}}"),
                400, "invalid_field");
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }
}
