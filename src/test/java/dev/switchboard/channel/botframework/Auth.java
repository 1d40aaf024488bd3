package dev.switchboard.channel.botframework;

/**
 * How {@link FakeBotConnector#send} authenticates an activity: the valid token, two tokens a
 * validator must still accept (inside the 5-minute clock skew), and every token or header the
 * bot must reject, each broken in exactly one way.
 */
public enum Auth {
    /** {@code Bearer <JWT>}: RS256, published key, right iss/aud/serviceurl, valid now. */
    VALID(true),
    /** Expired 3 minutes ago: inside the 5-minute skew, so still accepted. */
    EXPIRED_WITHIN_SKEW(true),
    /** Valid from 3 minutes from now: inside the skew, so accepted. */
    NOT_YET_VALID_WITHIN_SKEW(true),

    /** No {@code Authorization} header at all. */
    NO_HEADER(false),
    /** {@code Basic <JWT>} instead of {@code Bearer <JWT>}. */
    WRONG_SCHEME(false),
    /** An unsecured JWT ({@code "alg":"none"}, no signature). */
    UNSIGNED(false),
    /** Signed by a key that is not in the JWKS, while naming the kid of the current published key. */
    BAD_SIGNATURE(false),
    /** Signed by a key that is not in the JWKS, naming its own (unpublished) kid. */
    UNKNOWN_KID(false),
    /** {@code iss} is Azure AD's Bot Framework tenant issuer, not {@code https://api.botframework.com}. */
    WRONG_ISSUER(false),
    /** {@code aud} is another bot's app id. */
    WRONG_AUDIENCE(false),
    /** Expired 10 minutes ago (beyond the skew). */
    EXPIRED(false),
    /** Valid only from 10 minutes from now (beyond the skew). */
    NOT_YET_VALID(false),
    /** The {@code serviceurl} claim names another service than the activity's {@code serviceUrl}. */
    SERVICE_URL_MISMATCH(false),
    /** No {@code serviceurl} claim. */
    SERVICE_URL_MISSING(false),
    /** Signed by a published key whose {@code endorsements} do not include the activity's channelId. */
    CHANNEL_NOT_ENDORSED(false);

    private final boolean acceptable;

    Auth(boolean acceptable) {
        this.acceptable = acceptable;
    }

    /** Whether a correct validator accepts an activity sent this way. */
    public boolean acceptable() {
        return acceptable;
    }
}
