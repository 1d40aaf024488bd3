package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * The signing keys' cache on its own, with a clock the test moves: keys are kept for key-refresh,
 * an unknown key id fetches them early at most once per unknown-key-refresh, and a key server
 * that is away leaves the keys already known in use. The keys come from the fake Connector.
 */
class SigningKeysTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FakeBotConnector connector;
    private MovableClock clock;
    private SigningKeys keys;
    private final AtomicBoolean keyServerAway = new AtomicBoolean();
    /** Calls of route botframework-keys (metadata and key set, answered or not). */
    private final AtomicInteger attempts = new AtomicInteger();
    /** When set, a key-set fetch waits for it. */
    private volatile CountDownLatch gate;

    @BeforeEach
    void start() {
        connector = FakeBotConnector.start("0d7c1c2e-3b4a-4f5e-9a8b-00000000key5", "unused");
        clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        ProducerTemplate producer = mock(ProducerTemplate.class);
        // route botframework-keys, played by a plain GET
        when(producer.requestBodyAndHeader(eq("direct:botframework-keys"), isNull(), eq(Exchange.HTTP_URI), any(),
                eq(String.class))).thenAnswer(call -> get(call.getArgument(3, String.class)));
        BotFrameworkProperties properties = new BotFrameworkProperties(Map.of(), Duration.ofHours(24),
                Duration.ofHours(1), Duration.ofMinutes(5), DataSize.ofKilobytes(256), DataSize.ofMegabytes(64), List.of());
        keys = new SigningKeys(producer, new ObjectMapper(), properties, clock);
    }

    @AfterEach
    void stop() {
        connector.close();
    }

    @Test
    void keysAreFetchedOnceAndKeptForADay() {
        String kid = connector.currentKid();
        assertThat(keys.find(connector.openIdMetadataUrl(), kid)).isPresent();
        assertThat(keys.find(connector.openIdMetadataUrl(), kid)).isPresent();
        assertThat(connector.jwksFetches()).isEqualTo(1);
        assertThat(keys.find(connector.openIdMetadataUrl(), kid).orElseThrow().endorsements())
                .containsExactlyElementsOf(FakeBotConnector.ENDORSEMENTS);

        clock.advance(Duration.ofHours(23));
        keys.find(connector.openIdMetadataUrl(), kid);
        assertThat(connector.jwksFetches()).isEqualTo(1);
        clock.advance(Duration.ofHours(2));
        keys.find(connector.openIdMetadataUrl(), kid);
        assertThat(connector.jwksFetches()).isEqualTo(2);
    }

    @Test
    void anUnknownKeyIdFetchesTheKeysEarlyAtMostOncePerInterval() {
        keys.find(connector.openIdMetadataUrl(), connector.currentKid());
        assertThat(connector.jwksFetches()).isEqualTo(1);

        assertThat(keys.find(connector.openIdMetadataUrl(), "no-such-kid")).isEmpty();
        assertThat(connector.jwksFetches()).isEqualTo(2);
        // a second stranger within the hour: no fetch (a flood of forged kids cannot drive the key server)
        String rotated = connector.rotateKey();
        assertThat(keys.find(connector.openIdMetadataUrl(), rotated)).isEmpty();
        assertThat(connector.jwksFetches()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(61));
        assertThat(keys.find(connector.openIdMetadataUrl(), rotated)).isPresent();
        assertThat(connector.jwksFetches()).isEqualTo(3);
    }

    @Test
    void theFirstLookUpOfAnUnknownKeyIdFetchesTheKeysOnce() {
        // the keys were fetched for this very look-up: fetching them again at once learns nothing
        assertThat(keys.find(connector.openIdMetadataUrl(), "no-such-kid")).isEmpty();
        assertThat(connector.jwksFetches()).isEqualTo(1);
    }

    @Test
    void whileTheKeyServerIsAwayTheKnownKeysStayInUseAndItIsAskedOnlyNowAndThen() {
        String kid = connector.currentKid();
        keys.find(connector.openIdMetadataUrl(), kid);
        keyServerAway.set(true);
        clock.advance(Duration.ofDays(2));
        assertThat(keys.find(connector.openIdMetadataUrl(), kid)).isPresent();
        assertThat(attempts.get()).isEqualTo(3);
        // not every request waits for the absent key server
        assertThat(keys.find(connector.openIdMetadataUrl(), kid)).isPresent();
        assertThat(attempts.get()).isEqualTo(3);
        clock.advance(SigningKeys.RETRY_AFTER_FAILURE.plusSeconds(1));
        keyServerAway.set(false);
        assertThat(keys.find(connector.openIdMetadataUrl(), kid)).isPresent();
        assertThat(connector.jwksFetches()).isEqualTo(2);
        assertThat(keys.find(connector.openIdMetadataUrl(), kid)).isPresent();
        assertThat(connector.jwksFetches()).isEqualTo(2);

        SigningKeys fresh = keys;
        assertThatThrownBy(() -> fresh.find(connector.baseUrl() + "/never-fetched/openidconfiguration", kid))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void manyRequestsFindingTheKeysOldMakeOneFetch() throws Exception {
        String kid = connector.currentKid();
        keys.find(connector.openIdMetadataUrl(), kid);
        clock.advance(Duration.ofDays(2));
        CountDownLatch release = new CountDownLatch(1);
        gate = release;
        List<Thread> requests = new ArrayList<>();
        List<Boolean> found = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 6; i++) {
            Thread request = new Thread(() -> found.add(keys.find(connector.openIdMetadataUrl(), kid).isPresent()));
            requests.add(request);
            request.start();
        }
        // one request fetches (held at the gate), the others wait for it
        await().atMost(Duration.ofSeconds(30)).until(() -> requests.stream()
                .filter(t -> t.getState() == Thread.State.BLOCKED).count() == requests.size() - 1);
        release.countDown();
        for (Thread request : requests) {
            request.join(30_000);
        }
        assertThat(found).hasSize(6).containsOnly(true);
        assertThat(connector.jwksFetches()).isEqualTo(2);
    }

    private String get(String url) throws IOException, InterruptedException {
        attempts.incrementAndGet();
        CountDownLatch held = gate;
        if (held != null && url.equals(connector.jwksUrl())) {
            held.await(30, TimeUnit.SECONDS);
        }
        if (keyServerAway.get()) {
            throw new IllegalStateException("connection refused (test)");
        }
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return response.body();
    }
}
