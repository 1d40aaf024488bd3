package dev.switchboard.desk.ingest;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.PostgresTest;

/** Inbound batches on PostgreSQL (copies in one batch meet the unique index in one transaction). */
class InboundBatchOnPostgresTest extends PostgresTest implements InboundBatchScenarios {

    @Autowired
    CamelContext camel;

    @Autowired
    JmsTemplate jms;

    @Override
    public DeskClient api() {
        return admin();
    }

    @Override
    public CamelContext camel() {
        return camel;
    }

    @Override
    public JmsTemplate jms() {
        return jms;
    }
}
