package dev.switchboard.desk.ingest;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.PostgresTest;

/** Inbound batches on PostgreSQL (copies in one batch meet the unique index in one transaction). */
class InboundBatchOnPostgresTest extends PostgresTest implements InboundBatchScenarios {

    @Override
    public DeskClient api() {
        return admin();
    }
}
