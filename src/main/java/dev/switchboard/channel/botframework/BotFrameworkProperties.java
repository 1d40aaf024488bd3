package dev.switchboard.channel.botframework;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code switchboard.botframework.*}: bots registered with Azure Bot Service, by name. Bot
 * {@code <name>}'s messaging endpoint is {@code POST /channels/botframework/<name>/messages}.
 *
 * @param keyRefresh how long the channel's signing keys are trusted before they are fetched again
 * @param unknownKeyRefresh at most this often the keys are fetched early for an unknown key id
 * @param clockSkew tolerated on a token's expiry and start
 * @param maxBodySize larger activities are refused with 413
 * @param maxInFlightSize most body bytes of activities received and not yet answered on this
 *        node; the next is refused with 503 and Retry-After before its body is read
 * @param tokenHosts hosts (besides each conversation's serviceUrl host) that get the bot's token
 *        when Switchboard downloads a user's file; a leading "*." matches subdomains
 */
@ConfigurationProperties("switchboard.botframework")
public record BotFrameworkProperties(
        Map<String, Bot> bots,
        @DefaultValue("24h") Duration keyRefresh,
        @DefaultValue("1h") Duration unknownKeyRefresh,
        @DefaultValue("5m") Duration clockSkew,
        @DefaultValue("256KB") DataSize maxBodySize,
        @DefaultValue("64MB") DataSize maxInFlightSize,
        @DefaultValue({"smba.trafficmanager.net", "*.botframework.com"}) List<String> tokenHosts) {

    public BotFrameworkProperties {
        bots = bots == null ? Map.of() : bots;
    }

    /**
     * One bot. Without {@code appId} (local development only) requests are not authenticated,
     * which is logged loudly at start.
     *
     * @param tenant {@code botframework.com} for multi-tenant bots, else the tenant id
     * @param tokenUrl where tokens come from; {tenant} is replaced
     * @param idleTimeout silence after which its live chats end (empty: switchboard.chats.idle-timeout)
     * @param group the key of the group its new cases start in (created if missing)
     */
    public record Bot(
            String title,
            String appId,
            String appPassword,
            @DefaultValue("botframework.com") String tenant,
            @DefaultValue("https://login.botframework.com/v1/.well-known/openidconfiguration") String openidMetadataUrl,
            @DefaultValue("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token") String tokenUrl,
            @DefaultValue("https://api.botframework.com") String issuer,
            @DefaultValue("https://api.botframework.com/.default") String scope,
            Duration idleTimeout,
            String group) {

        public String tokenEndpoint() {
            return tokenUrl.replace("{tenant}", tenant);
        }

        public boolean authenticated() {
            return appId != null && !appId.isBlank();
        }
    }
}
