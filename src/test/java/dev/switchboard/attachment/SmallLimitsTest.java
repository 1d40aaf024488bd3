package dev.switchboard.attachment;

import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.switchboard.support.AppTest;

/**
 * An application with small file limits, a short link lifetime and a short fetch timeout, so the
 * limits can be crossed with kilobytes and the timeouts in a second. Subclasses share it.
 */
abstract class SmallLimitsTest extends AppTest {

    static final int MAX_FILE = 64 * 1024;
    static final int MAX_MESSAGE = 100 * 1024;
    static final int MAX_FILES = 4;

    private static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void limits(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
        registry.add("switchboard.files.max-file-size", () -> MAX_FILE + "B");
        registry.add("switchboard.files.max-message-size", () -> MAX_MESSAGE + "B");
        registry.add("switchboard.files.max-files-per-message", () -> MAX_FILES);
        registry.add("switchboard.files.link-ttl", () -> "1h");
        registry.add("switchboard.files.fetch-timeout", () -> "1s");
    }

    @Autowired
    JdbcClient jdbc;

    @Value("${switchboard.data-dir}")
    Path dataDir;
}
