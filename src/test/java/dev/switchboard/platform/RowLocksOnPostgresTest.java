package dev.switchboard.platform;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import dev.switchboard.support.PostgresTest;

/** Row locks on PostgreSQL. */
class RowLocksOnPostgresTest extends PostgresTest implements RowLockScenarios {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    RowLocks locks;
    @Autowired
    PlatformTransactionManager transactions;

    @Override
    public JdbcClient jdbc() {
        return jdbc;
    }

    @Override
    public RowLocks locks() {
        return locks;
    }

    @Override
    public PlatformTransactionManager transactions() {
        return transactions;
    }
}
