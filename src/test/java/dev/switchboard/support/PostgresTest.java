package dev.switchboard.support;

import java.nio.file.Path;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same application on the {@code postgres} profile, against a real PostgreSQL server. */
@ActiveProfiles("postgres")
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
