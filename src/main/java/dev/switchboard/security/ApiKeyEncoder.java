package dev.switchboard.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Stores API keys as {@code sha256$<salt>$<digest>}. A slow password hash would cost ~50 ms of CPU
 * on every API call (authentication runs per request); generated keys carry 256 bits of entropy,
 * so a salted SHA-256 is as safe for them and costs microseconds.
 */
public class ApiKeyEncoder implements PasswordEncoder {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    /** A new API key: 32 random bytes, URL-safe. */
    public static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return B64.encodeToString(key);
    }

    @Override
    public String encode(CharSequence key) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "sha256$" + B64.encodeToString(salt) + "$" + B64.encodeToString(digest(salt, key));
    }

    @Override
    public boolean matches(CharSequence key, String stored) {
        if (key == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$");
        if (parts.length != 3 || !parts[0].equals("sha256")) {
            return false;
        }
        byte[] salt = Base64.getUrlDecoder().decode(parts[1]);
        byte[] expected = Base64.getUrlDecoder().decode(parts[2]);
        return MessageDigest.isEqual(expected, digest(salt, key));
    }

    private static byte[] digest(byte[] salt, CharSequence key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(salt);
            return sha.digest(key.toString().getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
