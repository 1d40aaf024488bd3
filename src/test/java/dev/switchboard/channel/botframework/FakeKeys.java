package dev.switchboard.channel.botframework;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

/**
 * The Bot Connector's signing keys: the published ones (JWKS with {@code endorsements}), the one
 * that signs now, a published key endorsing only {@link #NARROW_ENDORSEMENT}, and a rogue key
 * that is never published. The initial three keys are generated once per JVM and shared by every
 * fake (RSA key generation is what makes starting one slow); {@link #rotate()} always generates a
 * fresh key. Thread-safe.
 */
final class FakeKeys {

    /** The only channel the narrow key endorses; {@link Auth#CHANNEL_NOT_ENDORSED} needs another channelId. */
    static final String NARROW_ENDORSEMENT = "telegram";

    private record Published(RSAKey key, boolean narrow) {}

    private static final class Initial {
        static final RSAKey CURRENT = generate();
        static final RSAKey NARROW = generate();
        static final RSAKey ROGUE = generate();
    }

    private final List<Published> published = new ArrayList<>();
    private List<String> endorsements;
    private RSAKey current;
    private final RSAKey narrow;
    private final RSAKey rogue;

    FakeKeys(List<String> endorsements) {
        this.endorsements = List.copyOf(endorsements);
        current = Initial.CURRENT;
        narrow = Initial.NARROW;
        rogue = Initial.ROGUE;
        published.add(new Published(current, false));
        published.add(new Published(narrow, true));
    }

    /** Publishes a new key and signs with it from now on; older keys stay published. Returns its kid. */
    synchronized String rotate() {
        current = generate();
        published.add(0, new Published(current, false));
        return current.getKeyID();
    }

    synchronized String currentKid() {
        return current.getKeyID();
    }

    synchronized void endorsements(List<String> channelIds) {
        endorsements = List.copyOf(channelIds);
    }

    /** The JWKS document: public RSA keys, each with the Bot Framework's extra {@code endorsements} member. */
    synchronized Map<String, Object> jwks() {
        List<Object> keys = new ArrayList<>();
        for (Published p : published) {
            Map<String, Object> jwk = new LinkedHashMap<>(p.key().toPublicJWK().toJSONObject());
            jwk.put("endorsements", p.narrow() ? List.of(NARROW_ENDORSEMENT) : endorsements);
            keys.add(jwk);
        }
        return Map.of("keys", keys);
    }

    /** The compact JWT for {@code claims}, signed (or not) the way {@code auth} asks. */
    String sign(JWTClaimsSet claims, Auth auth) {
        if (auth == Auth.UNSIGNED) {
            return new PlainJWT(claims).serialize();
        }
        RSAKey key;
        String kid;
        synchronized (this) {
            switch (auth) {
                case BAD_SIGNATURE -> { key = rogue; kid = current.getKeyID(); }
                case UNKNOWN_KID -> { key = rogue; kid = rogue.getKeyID(); }
                case CHANNEL_NOT_ENDORSED -> { key = narrow; kid = narrow.getKeyID(); }
                default -> { key = current; kid = current.getKeyID(); }
            }
        }
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(kid).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
