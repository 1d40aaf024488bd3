package dev.switchboard.pipeline;

import dev.switchboard.support.DeskClient;
import dev.switchboard.support.SwitchboardTest;

/** Delivery scenarios on the embedded defaults (H2, embedded Artemis). */
class DeliveryOnH2Test extends SwitchboardTest implements DeliveryScenarios {

    @Override
    public DeskClient api() {
        return admin();
    }
}
