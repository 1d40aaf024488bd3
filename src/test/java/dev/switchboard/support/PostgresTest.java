package dev.switchboard.support;

import java.nio.file.Path;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The same application on the {@code postgres} profile, against a real PostgreSQL server. The
 * context closes after its test class: at the end of the run the server stops in its own shutdown
 * hook, and an application still open then would wait for a database that is gone.
 */
@ActiveProfiles("postgres")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class PostgresTest extends AppTest {

    private static final Path DATA = newDataDir();
    private static final String URL = Postgres.newDatabase();

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("switchboard.data-dir", DATA::toString);
        registry.add("spring.datasource.url", () -> URL);
        registry.add("spring.datasource.username", Postgres::user);
        registry.add("spring.datasource.password", () -> "");
    }
}
