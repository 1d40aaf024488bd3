package dev.switchboard.attachment;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keys made on first use and kept in the database, so every node of an installation uses the same
 * one (a download link made by one node works on all).
 */
@Component
public class AppSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public AppSecrets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public byte[] get(String name) {
        return cache.computeIfAbsent(name, this::load);
    }

    private byte[] load(String name) {
        return read(name).orElseGet(() -> {
            byte[] key = new byte[32];
            RANDOM.nextBytes(key);
            try {
                jdbc.sql("INSERT INTO app_secret (name, secret) VALUES (?, ?)")
                        .params(name, HexFormat.of().formatHex(key)).update();
                return key;
            } catch (DuplicateKeyException anotherNode) {
                return read(name).orElseThrow();
            }
        });
    }

    private java.util.Optional<byte[]> read(String name) {
        return jdbc.sql("SELECT secret FROM app_secret WHERE name = ?").param(name).query(String.class).optional()
                .map(hex -> HexFormat.of().parseHex(hex));
    }
}
