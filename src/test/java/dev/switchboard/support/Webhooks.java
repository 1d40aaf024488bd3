package dev.switchboard.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

/** What a receiver does with a delivery: verify the signature, read the message. */
public final class Webhooks {

    private Webhooks() {
    }

    /** The signature a receiver expects, computed independently of Switchboard's code. */
    public static String expectedSignature(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(
                    mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(WebhookReceiver.Hit hit) {
        try {
            return DeskClient.JSON.readTree(hit.body());
        } catch (IOException e) {
            throw new IllegalStateException("not JSON: " + hit.body(), e);
        }
    }

    /** The message id of a JSON delivery. */
    public static long messageId(WebhookReceiver.Hit hit) {
        return json(hit).get("object").get("message_id").asLong();
    }
}
