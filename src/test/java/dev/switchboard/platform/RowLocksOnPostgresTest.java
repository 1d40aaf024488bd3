package dev.switchboard.platform;

import dev.switchboard.support.PostgresTest;

/** Row locks on PostgreSQL. */
class RowLocksOnPostgresTest extends PostgresTest implements RowLockScenarios {
}
