package dev.switchboard.channel.botframework;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.stereotype.Component;

import dev.switchboard.pipeline.ChannelRefused;
import dev.switchboard.platform.KeptAWhile;

/**
 * Checks that a request really comes from the Bot Connector, as Bot Framework's authentication
 * specification says: {@code Authorization: Bearer <JWT>}, RS256/384/512, signed by a key of the
 * channel's OpenID metadata, issuer and audience (our app id), expiry and start with the allowed
 * clock skew, the {@code serviceurl} claim equal to the activity's serviceUrl, and the activity's
 * channel among the key's endorsements. Any failure refuses the request: 401 for a missing or
 * invalid token, 403 for a valid token that does not cover this activity.
 *
 * <p>The Connector sends the same token with every request for as long as it is valid, and
 * parsing it and checking its RSA signature was a fifth of the endpoint's CPU. A token whose
 * signature, issuer and audience passed is kept for {@link #KEPT_FOR}; each request still checks
 * its expiry and start against the clock and that its key is still published with the same
 * material, so a withdrawn or replaced key stops the kept token too. Refused tokens are never kept.
 */
@Component
class ConnectorAuthentication {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512);

    /** A verified token: its claims and the key's endorsements, for the checks against the activity. */
    record Verified(JWTClaimsSet claims, List<String> endorsements) {
    }

    /** How long a checked token's signature is trusted without checking it again. */
    static final Duration KEPT_FOR = Duration.ofMinutes(10);

    /** A token whose signature, issuer and audience passed for one bot, and the key that signed it. */
    private record Checked(JWTClaimsSet claims, SigningKeys.Key key) {
    }

    /** A token as presented to one bot: checked for one bot, it says nothing about another. */
    private record Presented(BotFrameworkProperties.Bot bot, String token) {
    }

    private final SigningKeys keys;
    private final BotFrameworkProperties properties;
    private final Clock clock;
    private final KeptAWhile<Presented, Checked> checked = new KeptAWhile<>(KEPT_FOR);

    ConnectorAuthentication(SigningKeys keys, BotFrameworkProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    Verified verify(String authorization, BotFrameworkProperties.Bot bot) {
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() <= 7) {
            throw unauthorized("send Authorization: Bearer <token of the Bot Connector>");
        }
        String token = authorization.substring(7).strip();
        Checked found = checked.get(new Presented(bot, token), k -> Optional.of(check(token, bot)))
                .filter(kept -> stillPublished(kept.key(), bot))
                .orElseGet(() -> check(token, bot));
        JWTClaimsSet claims = found.claims();
        Instant now = clock.instant();
        Date expires = claims.getExpirationTime();
        if (expires == null || expires.toInstant().plus(properties.clockSkew()).isBefore(now)) {
            throw unauthorized("the token has expired");
        }
        Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().minus(properties.clockSkew()).isAfter(now)) {
            throw unauthorized("the token is not valid yet");
        }
        return new Verified(claims, found.key().endorsements());
    }

    /** The checks that do not depend on the time: form, algorithm, key, signature, issuer, audience. */
    private Checked check(String token, BotFrameworkProperties.Bot bot) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw unauthorized("the bearer token is not a signed JWT");
        }
        if (!ALGORITHMS.contains(jwt.getHeader().getAlgorithm())) {
            throw unauthorized("the token's algorithm is not allowed");
        }
        String kid = jwt.getHeader().getKeyID();
        SigningKeys.Key key = kid == null ? null : keys.find(bot.openidMetadataUrl(), kid).orElse(null);
        if (key == null) {
            throw unauthorized("the token is signed with an unknown key");
        }
        JWTClaimsSet claims;
        try {
            if (!jwt.verify(new RSASSAVerifier(key.key().toRSAPublicKey()))) {
                throw unauthorized("the token's signature is not valid");
            }
            claims = jwt.getJWTClaimsSet();
        } catch (JOSEException | ParseException e) {
            throw unauthorized("the token's signature cannot be checked");
        }
        if (!bot.issuer().equals(claims.getIssuer())) {
            throw unauthorized("the token was not issued by " + bot.issuer());
        }
        if (claims.getAudience() == null || !claims.getAudience().contains(bot.appId())) {
            throw unauthorized("the token is not meant for this bot");
        }
        return new Checked(claims, key);
    }

    /** The kept token's key is still among the published ones, with the same material and endorsements. */
    private boolean stillPublished(SigningKeys.Key key, BotFrameworkProperties.Bot bot) {
        return keys.find(bot.openidMetadataUrl(), key.key().getKeyID()).filter(key::equals).isPresent();
    }

    /**
     * The checks that tie the token to this activity. The serviceurl claim is required: the bot's
     * own token goes to the activity's serviceUrl, so only the Connector may name it.
     */
    void coversActivity(Verified verified, String serviceUrl, String channelId) {
        Object claimed = verified.claims().getClaim("serviceurl");
        if (!(claimed instanceof String named) || named.isEmpty()) {
            throw new ChannelRefused(403, "forbidden", "the token names no serviceUrl");
        }
        if (!named.equals(serviceUrl)) {
            throw new ChannelRefused(403, "forbidden", "the token was issued for another serviceUrl");
        }
        if (!verified.endorsements().isEmpty() && channelId != null && !channelId.isEmpty()
                && !verified.endorsements().contains(channelId)) {
            throw new ChannelRefused(403, "forbidden", "the signing key is not endorsed for channel " + channelId);
        }
    }

    private static ChannelRefused unauthorized(String why) {
        return new ChannelRefused(401, "unauthorized", why);
    }
}
