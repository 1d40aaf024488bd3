package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static dev.switchboard.attachment.FileFixtures.stored;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import dev.switchboard.attachment.FileFixtures.Stored;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.FileServer;

/**
 * A URL whose server never answers, stops in the middle of the file, or sends it a byte at a time
 * forever: the fetch gives up after switchboard.files.fetch-timeout (here 1 s) with a clean 400
 * and nothing stored, instead of holding the request.
 */
class FetchTimeoutTest extends SmallLimitsTest {

    private static final FileServer SERVER = new FileServer();

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Test
    void aServerThatNeverAnswers() {
        assertGivesUp(SERVER.hangs(SERVER.path("silent.png")));
    }

    @Test
    void aServerThatStopsInTheMiddleOfTheFile() {
        assertGivesUp(SERVER.stalls(SERVER.path("half.png"), 10_000, new byte[100]));
    }

    @Test
    void aServerThatNeverFallsSilentButNeverFinishes() {
        assertGivesUp(SERVER.trickles(SERVER.path("slow.png"), 50));
    }

    private void assertGivesUp(String url) {
        long caseId = newCase(admin());
        Stored before = stored(jdbc, dataDir);

        Answer answer = admin().post(messages(caseId), obj("message", obj("content", "slow",
                "attachment_urls", List.of(url))));

        assertError(answer, 400, "attachment_unreachable");
        assertThat(answer.json().get("description").asText()).contains(url);
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }
}
