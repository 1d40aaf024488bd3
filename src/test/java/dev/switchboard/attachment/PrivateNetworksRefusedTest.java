package dev.switchboard.attachment;

import static dev.switchboard.attachment.FileFixtures.bytes;
import static dev.switchboard.attachment.FileFixtures.messages;
import static dev.switchboard.attachment.FileFixtures.newCase;
import static dev.switchboard.attachment.FileFixtures.stored;
import static dev.switchboard.desk.api.ApiFixtures.assertError;
import static dev.switchboard.desk.api.ApiFixtures.obj;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.attachment.FileFixtures.Stored;
import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient.Answer;
import dev.switchboard.support.FileServer;

/**
 * The default: {@code attachment_urls} into this machine or private networks are refused, however
 * the address is written, without a request reaching them. Its own application (the other tests
 * run with {@code fetch-private-networks=true} so that their local servers can be reached).
 */
class PrivateNetworksRefusedTest extends AppTest {

    private static final Path DATA = newDataDir();
    private static final FileServer SERVER = new FileServer();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
        registry.add("switchboard.files.fetch-private-networks", () -> "false");
    }

    @Autowired
    JdbcClient jdbc;

    @Value("${switchboard.data-dir}")
    Path dataDir;

    @AfterAll
    static void stopServer() {
        SERVER.close();
    }

    @Test
    void addressesOfThisMachineAndPrivateNetworksAreRefusedUnfetched() {
        long caseId = newCase(admin());
        String path = SERVER.path("secret.txt");
        SERVER.serve(path, "text/plain", bytes(10));
        int port = SERVER.port();
        Stored before = stored(jdbc, dataDir);

        for (String host : List.of("127.0.0.1", "localhost", "127.1.2.3", "[::1]", "[::ffff:127.0.0.1]",
                "0.0.0.0", "[::]", "10.0.0.1", "172.16.5.4", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                "[fd00::1]", "[fe80::1]", "224.0.0.1", "255.255.255.255")) {
            String url = "http://" + host + ":" + port + path;
            Answer answer = admin().post(messages(caseId), obj("message", obj("content", "x",
                    "attachment_urls", List.of(url))));
            assertError(answer, 400, "invalid_field");
            assertThat(answer.json().get("description").asText()).as(url)
                    .contains("message.attachment_urls").contains("private network");
        }
        assertThat(SERVER.hits(path)).as("no request reached the server").isEmpty();
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }

    @Test
    void aPrivateUrlAfterAPublicLookingOneStillRefusesTheWholeMessage() {
        long caseId = newCase(admin());
        Stored before = stored(jdbc, dataDir);

        Answer answer = admin().post("/api/cases/" + caseId + "/note.json", obj("note", obj("content", "x",
                "attachment_urls", List.of("https://127.0.0.1/a.png"))));

        assertError(answer, 400, "invalid_field");
        assertThat(stored(jdbc, dataDir)).isEqualTo(before);
    }
}
