package dev.switchboard.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import dev.switchboard.support.SwitchboardTest;

/**
 * The embedded broker flushes its journal after {@code switchboard.broker.journal-buffer-timeout},
 * not after Artemis's NIO default of 3.33 ms, and the shipped broker.xml of an external broker
 * says the same.
 */
class BrokerJournalTest extends SwitchboardTest {

    private static final int ARTEMIS_NIO_DEFAULT = 3_333_333;

    @Autowired
    private EmbeddedActiveMQ broker;

    @Value("${switchboard.broker.journal-buffer-timeout}")
    private Duration configured;

    @Test
    void theEmbeddedBrokerFlushesItsJournalAfterTheConfiguredTimeout() {
        Configuration running = broker.getActiveMQServer().getConfiguration();

        assertThat(configured.toNanos()).isLessThan(ARTEMIS_NIO_DEFAULT);
        assertThat(running.getJournalBufferTimeout_NIO()).isEqualTo(configured.toNanos());
        assertThat(running.getJournalBufferTimeout_AIO()).isEqualTo(configured.toNanos());
        assertThat(running.isJournalDatasync()).isTrue();
    }

    @Test
    void theShippedBrokerXmlHasTheSameTimeout() throws Exception {
        FileConfiguration external = new FileConfiguration();
        new FileDeploymentManager(Path.of("docker/artemis/broker.xml").toUri().toString())
                .addDeployable(external).readConfiguration();

        assertThat(external.getJournalBufferTimeout_NIO()).isEqualTo(configured.toNanos());
        assertThat(external.isJournalDatasync()).isTrue();
    }
}
