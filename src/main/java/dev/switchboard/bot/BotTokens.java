package dev.switchboard.bot;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.switchboard.security.ApiKeyEncoder;

/**
 * Bot tokens: 256 random bits, stored as their plain SHA-256 so a call finds its bot by an index
 * lookup (a salt would need the bot first; the entropy of the token makes a salt unnecessary).
 */
final class BotTokens {

    /** Configured tokens must be at least this long, so that they are not guessable either. */
    static final int MIN_CONFIGURED_LENGTH = 32;

    private BotTokens() {
    }

    static String newToken() {
        return "sbbot_" + ApiKeyEncoder.newKey();
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
