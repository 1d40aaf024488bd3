package dev.switchboard.channel.botframework;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.channel.botframework.model.TokenResponse;

/**
 * The bots' tokens for the Connector API, by client credentials (app id and password) at the
 * Microsoft identity platform, through route {@code botframework-token}. A token is cached and
 * renewed {@link #RENEW_BEFORE} before it expires (a short-lived one halfway); a 401 from the Connector drops it, so the one
 * retry gets a fresh one. Tokens are fetched one at a time per bot, so many replies make one request.
 */
@Component("connectorTokens")
public class ConnectorTokens {

    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(ConnectorTokens.class);

    private record Cached(String token, Instant renewAt) {
    }

    private final BotFrameworkBots bots;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    ConnectorTokens(BotFrameworkBots bots, ProducerTemplate producer, ObjectMapper json, Clock clock) {
        this.bots = bots;
        this.producer = producer;
        this.json = json;
        this.clock = clock;
    }

    public String token(String botName) {
        Cached cached = cache.get(botName);
        if (cached != null && clock.instant().isBefore(cached.renewAt())) {
            return cached.token();
        }
        synchronized (locks.computeIfAbsent(botName, k -> new Object())) {
            cached = cache.get(botName);
            if (cached == null || !clock.instant().isBefore(cached.renewAt())) {
                cached = fetch(botName);
                cache.put(botName, cached);
            }
            return cached.token();
        }
    }

    /** The Connector refused the token: forget it, the next call fetches a new one. */
    public void invalidate(String botName, String token) {
        cache.computeIfPresent(botName, (k, cached) -> cached.token().equals(token) ? null : cached);
    }

    private Cached fetch(String botName) {
        BotFrameworkProperties.Bot bot = bots.bot(botName).orElseThrow();
        String form = "grant_type=client_credentials&client_id=" + encode(bot.appId()) + "&client_secret="
                + encode(bot.appPassword()) + "&scope=" + encode(bot.scope());
        Exchange answer = producer.request("direct:botframework-token", exchange -> {
            Message request = exchange.getMessage();
            request.setHeader(Exchange.HTTP_URI, bot.tokenEndpoint());
            request.setBody(form);
        });
        if (answer.getException() != null) {
            throw new IllegalStateException("no token for bot " + botName + ": " + answer.getException().getMessage(),
                    answer.getException());
        }
        Integer status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = answer.getMessage().getBody(String.class);
        if (status == null || status != 200) {
            // the identity platform's error names the problem (wrong secret, unknown app) and holds no secret
            throw new IllegalStateException("no token for bot " + botName + ": HTTP " + status + " " + body);
        }
        try {
            TokenResponse token = json.readValue(body, TokenResponse.class);
            Instant expires = clock.instant().plusSeconds(token.expiresIn());
            log.debug("SB-7006 token for bot {} fetched, valid {} s", botName, token.expiresIn());
            // renewed five minutes early; a short-lived token halfway through its life
            Duration early = RENEW_BEFORE.compareTo(Duration.ofSeconds(token.expiresIn() / 2)) < 0 ? RENEW_BEFORE
                    : Duration.ofSeconds(token.expiresIn() / 2);
            return new Cached(token.accessToken(), expires.minus(early));
        } catch (Exception e) {
            throw new IllegalStateException("no token for bot " + botName + ": the answer cannot be read", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
