package dev.switchboard.platform;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import dev.switchboard.support.AppTest;

/** Row locks on the embedded H2 database. */
class RowLocksTest extends AppTest implements RowLockScenarios {

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
