package dev.switchboard.rules;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.switchboard.support.AppTest;

/**
 * Switchboard on its embedded defaults with the time-based rules scanned every second. Its own
 * data directory, so it runs next to the {@code SwitchboardTest} context; its subclasses share it.
 */
@TestPropertySource(properties = "switchboard.rules.time-scan-cron=* * * * * ?")
abstract class FastTimeScan extends AppTest {

    private static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
    }
}
