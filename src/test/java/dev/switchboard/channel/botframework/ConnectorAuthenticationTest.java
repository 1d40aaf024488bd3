package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import dev.switchboard.pipeline.ChannelRefused;

/**
 * A token that passed is trusted again without its signature being checked, but never past its
 * expiry, never once its key is withdrawn or replaced, and never for another bot.
 */
class ConnectorAuthenticationTest {

    private static final String METADATA = "https://login.example/openid";
    private static final String ISSUER = "https://api.botframework.com";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-02T12:00:00Z"));
    private final PublishedKeys keys = new PublishedKeys();
    private final BotFrameworkProperties.Bot support = bot("support-app");
    private ConnectorAuthentication authentication;
    private RSAKey signing;

    @BeforeEach
    void start() throws Exception {
        BotFrameworkProperties properties = new BotFrameworkProperties(Map.of(), Duration.ofHours(24),
                Duration.ofHours(1), Duration.ofMinutes(5), DataSize.ofKilobytes(256), DataSize.ofMegabytes(64), List.of());
        authentication = new ConnectorAuthentication(keys, properties, clock);
        signing = new RSAKeyGenerator(2048).keyID("k1").generate();
        keys.publish(signing, List.of("skype"));
    }

    @Test
    void aTokenThatPassedIsNotCheckedAgainUntilItsKeyChanges() throws Exception {
        String token = token(signing, "support-app", Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            assertThat(authentication.verify(token, support).endorsements()).containsExactly("skype");
        }
        // one look-up to check the signature, then only the "still published" look-ups
        assertThat(keys.lookups.get()).isEqualTo(1 + 5);

        // the same kid with other material: the kept check is worthless, the signature fails now
        keys.publish(new RSAKeyGenerator(2048).keyID("k1").generate(), List.of("skype"));
        assertRefused(token, support, "signature is not valid");
    }

    @Test
    void aKeptTokenIsRefusedOnceItsKeyIsWithdrawn() throws Exception {
        String token = token(signing, "support-app", Duration.ofHours(1));
        authentication.verify(token, support);
        keys.withdraw("k1");
        assertRefused(token, support, "unknown key");
    }

    @Test
    void aKeptTokenIsRefusedOnceItExpires() throws Exception {
        String token = token(signing, "support-app", Duration.ofMinutes(2));
        authentication.verify(token, support);
        clock.advance(Duration.ofMinutes(2 + 5)); // expiry + the clock skew
        authentication.verify(token, support);
        clock.advance(Duration.ofSeconds(1));
        assertRefused(token, support, "expired");
    }

    @Test
    void aTokenKeptForOneBotIsStillRefusedForAnother() throws Exception {
        String token = token(signing, "support-app", Duration.ofHours(1));
        authentication.verify(token, support);
        assertRefused(token, bot("sales-app"), "not meant for this bot");
    }

    @Test
    void aRefusedTokenIsNotKept() throws Exception {
        RSAKey unpublished = new RSAKeyGenerator(2048).keyID("k2").generate();
        String token = token(unpublished, "support-app", Duration.ofHours(1));
        assertRefused(token, support, "unknown key");
        keys.publish(unpublished, List.of());
        assertThat(authentication.verify(token, support).claims().getAudience()).containsExactly("support-app");
    }

    private void assertRefused(String token, BotFrameworkProperties.Bot bot, String why) {
        assertThatThrownBy(() -> authentication.verify(token, bot))
                .isInstanceOfSatisfying(ChannelRefused.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining(why);
    }

    private String token(RSAKey key, String audience, Duration validFor) throws Exception {
        Instant now = clock.instant();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience).notBeforeTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(validFor))).claim("serviceurl", "https://smba.example/")
                        .build());
        jwt.sign(new RSASSASigner(key));
        return "Bearer " + jwt.serialize();
    }

    private static BotFrameworkProperties.Bot bot(String appId) {
        return new BotFrameworkProperties.Bot(appId, appId, "secret", "botframework.com", METADATA,
                "https://login.example/token", ISSUER, "https://api.botframework.com/.default", null, null);
    }

    /** The keys of the metadata document as the test publishes them; counts the look-ups. */
    private static final class PublishedKeys extends SigningKeys {

        private final Map<String, Key> published = new ConcurrentHashMap<>();
        final AtomicInteger lookups = new AtomicInteger();

        PublishedKeys() {
            super(null, null, null, null);
        }

        void publish(RSAKey key, List<String> endorsements) {
            published.put(key.getKeyID(), new Key(key.toPublicJWK(), endorsements));
        }

        void withdraw(String kid) {
            published.remove(kid);
        }

        @Override
        Optional<Key> find(String metadataUrl, String kid) {
            assertThat(metadataUrl).isEqualTo(METADATA);
            lookups.incrementAndGet();
            return Optional.ofNullable(published.get(kid));
        }
    }
}
