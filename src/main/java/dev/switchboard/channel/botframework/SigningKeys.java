package dev.switchboard.channel.botframework;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The keys the Bot Connector signs its requests with, per OpenID metadata document: read from the
 * document's {@code jwks_uri} (through route {@code botframework-keys}), kept for
 * {@code key-refresh}, and fetched early for a key id not seen yet at most once per
 * {@code unknown-key-refresh}; one fetch however many requests find the keys old, and while the
 * key server is away the known keys stay in use. A key's {@code endorsements} (the channels it
 * may sign for) are kept with it: nimbus drops that member when it parses a key.
 */
@Component
class SigningKeys {

    /** A signing key and the channel ids it is endorsed for (empty: any). */
    record Key(RSAKey key, List<String> endorsements) {
    }

    /** The keys of one metadata document; {@code failedAt}: the last fetch since then failed. */
    private record KeySet(Map<String, Key> keys, Instant fetchedAt, Instant failedAt) {

        /** Old enough to be fetched again, unless a fetch failed just now. */
        boolean due(Duration refresh, Instant now) {
            return fetchedAt.plus(refresh).isBefore(now)
                    && (failedAt == null || failedAt.plus(RETRY_AFTER_FAILURE).isBefore(now));
        }
    }

    /**
     * While the key server is away the known keys stay in use and it is asked again only this
     * often: otherwise every request would wait for its timeout.
     */
    static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final BotFrameworkProperties properties;
    private final Clock clock;
    private final Map<String, KeySet> byMetadataUrl = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastEarlyFetch = new ConcurrentHashMap<>();

    SigningKeys(ProducerTemplate producer, ObjectMapper json, BotFrameworkProperties properties, Clock clock) {
        this.producer = producer;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /** The key with this id, fetching the keys when they are old or the id is new (rate-limited). */
    Optional<Key> find(String metadataUrl, String kid) {
        Instant now = clock.instant();
        KeySet current = byMetadataUrl.get(metadataUrl);
        boolean fetchedNow = false;
        if (current == null || current.due(properties.keyRefresh(), now)) {
            KeySet seen = current;
            current = refresh(metadataUrl, seen, now);
            fetchedNow = current != seen;
        }
        Key key = current.keys().get(kid);
        // keys fetched for this very look-up are as fresh as an early fetch would get
        if (key == null && !fetchedNow) {
            Instant last = lastEarlyFetch.get(metadataUrl);
            if (last == null || last.plus(properties.unknownKeyRefresh()).isBefore(now)) {
                lastEarlyFetch.put(metadataUrl, now);
                log.info("SB-7003 unknown signing key {}: fetching the keys of {} again", kid, metadataUrl);
                key = refresh(metadataUrl, current, now).keys().get(kid);
            }
        }
        return Optional.ofNullable(key);
    }

    /**
     * Fetches the keys, unless another request did while this one waited for the lock ({@code seen}
     * is what this one looked at): many requests finding the keys old make one fetch, not one each.
     */
    private synchronized KeySet refresh(String metadataUrl, KeySet seen, Instant now) {
        KeySet latest = byMetadataUrl.get(metadataUrl);
        if (latest != seen) {
            return latest;
        }
        KeySet fresh;
        try {
            JsonNode metadata = fetch(metadataUrl);
            String jwksUri = metadata.path("jwks_uri").asText("");
            if (jwksUri.isEmpty()) {
                throw new IllegalStateException("no jwks_uri in " + metadataUrl);
            }
            fresh = new KeySet(parse(fetch(jwksUri)), now, null);
        } catch (RuntimeException e) {
            if (seen != null) {
                // keep trusting the keys we have rather than refusing every request while the key server is away
                log.warn("SB-7004 signing keys of {} could not be fetched, keeping the old ones: {}", metadataUrl,
                        e.toString());
                KeySet kept = new KeySet(seen.keys(), seen.fetchedAt(), now);
                byMetadataUrl.put(metadataUrl, kept);
                return kept;
            }
            throw new IllegalStateException("signing keys of " + metadataUrl + " could not be fetched", e);
        }
        byMetadataUrl.put(metadataUrl, fresh);
        return fresh;
    }

    private JsonNode fetch(String url) {
        String body = producer.requestBodyAndHeader("direct:botframework-keys", null, Exchange.HTTP_URI, url,
                String.class);
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new IllegalStateException(url + " did not answer JSON", e);
        }
    }

    private static Map<String, Key> parse(JsonNode jwks) {
        Map<String, Key> keys = new HashMap<>();
        for (JsonNode raw : jwks.path("keys")) {
            try {
                JWK jwk = JWK.parse(raw.toString());
                if (jwk instanceof RSAKey rsa && jwk.getKeyID() != null) {
                    List<String> endorsements = new ArrayList<>();
                    raw.path("endorsements").forEach(e -> endorsements.add(e.asText()));
                    keys.put(jwk.getKeyID(), new Key(rsa, List.copyOf(endorsements)));
                }
            } catch (ParseException e) {
                log.debug("SB-7005 a signing key could not be read and is skipped: {}", e.getMessage());
            }
        }
        return keys;
    }
}
