package dev.switchboard.support;

import java.nio.file.Path;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * For tests of a migration: a fresh database of either kind, and Flyway with Switchboard's
 * locations for it, so a test can stop at an earlier version, write what that version wrote, and
 * migrate the rest of the way.
 */
public final class Migrations {

    private Migrations() {
    }

    public static DriverManagerDataSource h2(Path dir) {
        return new DriverManagerDataSource("jdbc:h2:file:" + dir.resolve("db"), "sa", "");
    }

    public static DriverManagerDataSource postgres() {
        return new DriverManagerDataSource(Postgres.newDatabase(), Postgres.user(), "");
    }

    /** {@code vendor}: "h2" or "postgresql", the folder of its own migrations. */
    public static FluentConfiguration flyway(DriverManagerDataSource database, String vendor) {
        return Flyway.configure().dataSource(database)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor);
    }
}
