package dev.switchboard.desk.ingest;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;

/** Inbound batches on the embedded H2. */
class InboundBatchOnH2Test extends SwitchboardTest implements InboundBatchScenarios {

    @Override
    public DeskClient api() {
        return admin();
    }
}
