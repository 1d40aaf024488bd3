package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.Multipart;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Uploads;

/** A client that stops a download halfway is no failure of Switchboard: no SB-9001, no stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class AbortedDownloadTest extends SwitchboardTest {

    @Autowired
    MeterRegistry meters;

    private long downloadsAnswered() {
        return Search.in(meters).name("http.server.requests").tag("uri", "/files/{id}/{name}").timers().stream()
                .mapToLong(t -> t.count()).sum();
    }

    @Test
    void downloadsStoppedByTheirClientsAreNotLoggedAsErrors(CapturedOutput output) throws Exception {
        Answer answer = Uploads.admin(port).post(messages(newCase(admin())), Multipart.form()
                .file("message[attachments][0]", "big.bin", "application/octet-stream", new byte[20 * 1024 * 1024]));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        String url = answer.json().get("message").get("attachments").get(0).get("url").asText();
        long answeredBefore = downloadsAnswered();

        for (int i = 0; i < 3; i++) {
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).isEqualTo(200);
            try (InputStream body = response.body()) {
                assertThat(body.readNBytes(1000)).hasSize(1000);
            }
        }

        // each stopped download has been answered (and whatever it logged, logged) once it is counted
        await().atMost(Duration.ofSeconds(30)).until(() -> downloadsAnswered() >= answeredBefore + 3);
        assertThat(output.getAll()).doesNotContain("SB-9001").doesNotContain("ClientAbortException");
        assertThat(Uploads.download(url).status()).as("the file still downloads").isEqualTo(200);
    }
}
