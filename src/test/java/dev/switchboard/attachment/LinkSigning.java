package dev.switchboard.attachment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes download links the way an attacker who knew the key could, from the installation's key
 * ({@link AppSecrets}), so tests can present links that are correctly signed but expired, or
 * signed for files that have no message. Written from the documented link format, not FileLinks.
 */
final class LinkSigning {

    private LinkSigning() {
    }

    static String link(String base, byte[] key, long fileId, String name, long expires) {
        return base + "/files/" + fileId + "/" + name + "?expires=" + expires + "&signature=" + sign(key, fileId, expires);
    }

    static String sign(byte[] key, long fileId, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((fileId + "." + expires).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
