package dev.switchboard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.switchboard.support.AppTest;
import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;
import dev.switchboard.support.Webhooks;

/**
 * Files in seed 001's set-up: a customer's files reach the bot as the seed shows it — the text, a
 * line "—————", "Вложенные файлы:" and one download link per file, which the bot can fetch; the
 * bot sends files as files (uploaded, or by URL from the platform) or as links in its text, and the
 * customer's channel receives them.
 */
class Seed001FilesTest extends SwitchboardTest {

    private static final BotPlatform PLATFORM = new BotPlatform();
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String LINK = "http://localhost:\\d+/files/\\d+/%s\\?expires=\\d+&signature=[0-9a-f]+";

    private Seed001Setup seed;

    @BeforeEach
    void setUp() {
        seed = new Seed001Setup(admin(), PLATFORM);
    }

    @AfterEach
    void cleanup() {
        seed.cleanup();
    }

    @AfterAll
    static void stopPlatform() {
        PLATFORM.close();
    }

    private List<JsonNode> botGot(int count) {
        return await().atMost(PATIENCE).until(() -> PLATFORM.received(seed.botHook), got -> got.size() == count);
    }

    private List<JsonNode> channelGot(int count) {
        return await().atMost(PATIENCE).until(() -> RuleFixtures.CHANNEL_HOOKS.delivered(seed.channel.hookPath()),
                hits -> hits.size() == count).stream().map(h -> Webhooks.json(h).get("object")).toList();
    }

    /** The customer writes in the case with files (multipart, as a channel posts them). */
    private DeskClient.Answer customerWritesWithFiles(JsonNode deskCase, String content, List<Multipart.File> files) {
        return Multipart.post("http://127.0.0.1:" + port, AppTest.ADMIN_EMAIL, AppTest.ADMIN_KEY,
                "/api/cases/" + deskCase.get("case_id").asLong() + "/messages.json", "message",
                content.isEmpty() ? Map.of("user_id", deskCase.get("user_id").asText())
                        : Map.of("content", content, "user_id", deskCase.get("user_id").asText()), files);
    }

    private static void assertDownloads(String url, byte[] content) {
        BotPlatform.Download download = BotPlatform.download(url);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.content()).isEqualTo(content);
    }

    @Test
    void aCustomersFilesReachTheBotAsTheSeedsFileBlockAndTheBotFetchesThem() {
        byte[] photo = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, (byte) 0x80};
        byte[] list = "order 42\nparcel 7\n".getBytes(StandardCharsets.UTF_8);
        JsonNode created = seed.customerOpens("visitor-files", "Vera", "vera-" + System.nanoTime() + "@example.com",
                "Hello");
        botGot(1);

        DeskClient.Answer posted = customerWritesWithFiles(created, "Here is the damage:",
                List.of(new Multipart.File("photo 1.jpg", "image/jpeg", photo),
                        new Multipart.File("list.txt", "text/plain", list)));
        assertThat(posted.status()).as(posted.body()).isEqualTo(201);

        String text = botGot(2).get(1).get("message").get("text").asText();
        String[] lines = text.split("\n", -1);
        assertThat(lines).hasSize(5);
        assertThat(lines[0]).isEqualTo("Here is the damage:");
        assertThat(lines[1]).isEqualTo("—————");
        assertThat(lines[2]).isEqualTo("Вложенные файлы:");
        assertThat(lines[3]).matches(String.format(LINK, "photo%201.jpg"));
        assertThat(lines[4]).matches(String.format(LINK, "list.txt"));
        assertDownloads(lines[3], photo);
        assertDownloads(lines[4], list);

        // files without text: the block alone
        assertThat(customerWritesWithFiles(created, "", List.of(new Multipart.File("list.txt", "text/plain", list)))
                .status()).isEqualTo(201);
        String alone = botGot(3).get(2).get("message").get("text").asText();
        assertThat(alone).matches("—————\nВложенные файлы:\n" + String.format(LINK, "list.txt"));
        assertDownloads(alone.substring(alone.lastIndexOf('\n') + 1), list);
    }

    @Test
    void aNewCaseWithAFileReachesTheBotWithTheFileBlock() {
        byte[] pdf = "%PDF-1.4 receipt".getBytes(StandardCharsets.US_ASCII);
        DeskClient.Answer created = Multipart.post("http://127.0.0.1:" + port, AppTest.ADMIN_EMAIL,
                AppTest.ADMIN_KEY, "/api/cases.json", "case", Map.of("user_custom_id", "visitor-receipt",
                        "channel", seed.channel.code(), "content", "My receipt"),
                List.of(new Multipart.File("receipt.pdf", "application/pdf", pdf)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("case").get("staff_id").asLong()).isEqualTo(seed.botId);

        String text = botGot(1).get(0).get("message").get("text").asText();
        assertThat(text).matches("My receipt\n—————\nВложенные файлы:\n" + String.format(LINK, "receipt.pdf"));
        assertDownloads(text.substring(text.lastIndexOf('\n') + 1), pdf);
    }

    @Test
    void theBotSendsFilesAsFilesAndAsLinksAndTheChannelReceivesThem() {
        byte[] invoice = "%PDF-1.7 invoice 42".getBytes(StandardCharsets.US_ASCII);
        byte[] manual = new byte[3000];
        for (int i = 0; i < manual.length; i++) {
            manual[i] = (byte) (i * 31);
        }
        String manualUrl = PLATFORM.host("manual.bin", manual);
        JsonNode created = seed.customerOpens("visitor-docs", "Oleg", "oleg-" + System.nanoTime() + "@example.com",
                "Send me the documents");
        long caseId = created.get("case_id").asLong();
        botGot(1);

        DeskClient.Answer uploaded = seed.bot.answerWithUpload(caseId, "Your invoice", "invoice.pdf",
                "application/pdf", invoice);
        assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(201);
        DeskClient.Answer byUrl = seed.bot.answerWithUrls(caseId, "The manual", List.of(manualUrl));
        assertThat(byUrl.status()).as(byUrl.body()).isEqualTo(201);
        DeskClient.Answer asLink = seed.bot.answer(caseId, "Also online: https://docs.example/manual");
        assertThat(asLink.status()).as(asLink.body()).isEqualTo(201);

        List<JsonNode> heard = channelGot(3);
        assertThat(heard).extracting(m -> m.get("content").asText())
                .containsExactly("Your invoice", "The manual", "Also online: https://docs.example/manual");
        assertThat(heard).extracting(m -> m.get("staff_id").asLong()).containsOnly(seed.botId);
        JsonNode invoiceFile = heard.get(0).get("attachments").get(0);
        assertThat(heard.get(0).get("attachments")).hasSize(1);
        assertThat(invoiceFile.get("file_name").asText()).isEqualTo("invoice.pdf");
        assertThat(invoiceFile.get("content_type").asText()).isEqualTo("application/pdf");
        assertThat(invoiceFile.get("size").asLong()).isEqualTo(invoice.length);
        assertDownloads(invoiceFile.get("url").asText(), invoice);
        JsonNode manualFile = heard.get(1).get("attachments").get(0);
        assertThat(heard.get(1).get("attachments")).hasSize(1);
        assertThat(manualFile.get("file_name").asText()).isEqualTo("manual.bin");
        assertThat(manualFile.get("size").asLong()).isEqualTo(manual.length);
        assertDownloads(manualFile.get("url").asText(), manual);
        assertThat(heard.get(2).get("attachments")).isEmpty();
        // the bot's answers send nothing back to the bot
        assertThat(seed.fx.firings(caseId)).hasSize(1);
        assertThat(PLATFORM.hits(seed.botHook)).hasSize(1);
    }
}
