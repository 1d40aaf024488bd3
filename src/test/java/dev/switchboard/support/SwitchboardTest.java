package dev.switchboard.support;

import java.nio.file.Path;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Switchboard on its embedded defaults: H2 file database and Artemis under a fresh data directory. */
public abstract class SwitchboardTest extends AppTest {

    private static final Path DATA = newDataDir();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
    }
}
