package dev.switchboard.platform;

import dev.switchboard.support.AppTest;

/** Row locks on the embedded H2 database. */
class RowLocksTest extends AppTest implements RowLockScenarios {
}
