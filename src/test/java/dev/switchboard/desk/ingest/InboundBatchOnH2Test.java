package dev.switchboard.desk.ingest;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;

/** Inbound batches on the embedded H2. */
class InboundBatchOnH2Test extends SwitchboardTest implements InboundBatchScenarios {

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
