package dev.switchboard.pipeline;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.PostgresTest;

/** Delivery scenarios on PostgreSQL. */
class DeliveryOnPostgresTest extends PostgresTest implements DeliveryScenarios {

    @Override
    public DeskClient api() {
        return admin();
    }
}
