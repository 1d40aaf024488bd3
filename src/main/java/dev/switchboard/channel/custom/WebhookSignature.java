package dev.switchboard.channel.custom;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code X-Switchboard-Signature: sha256=<hex of HMAC-SHA256(secret, timestamp + "." + body)>}.
 * Signing the timestamp with the body lets receivers refuse replays of old deliveries.
 */
public final class WebhookSignature {

    public static final String DELIVERY_HEADER = "X-Switchboard-Delivery";
    public static final String TIMESTAMP_HEADER = "X-Switchboard-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Switchboard-Signature";

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new signing secret: 256 random bits as hex. */
    public static String newSecret() {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    public static String sign(String secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
