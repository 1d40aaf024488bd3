package dev.switchboard.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;

import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;

/**
 * An Artemis broker outside the application, configured from the shipped
 * {@code docker/artemis/broker.xml}, listening on a free loopback port.
 */
public final class ExternalBroker implements AutoCloseable {

    private final EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
    private final int port;

    public ExternalBroker(Path instanceDir) throws Exception {
        FileConfiguration configuration = new FileConfiguration();
        new FileDeploymentManager(Path.of("docker/artemis/broker.xml").toUri().toString())
                .addDeployable(configuration).readConfiguration();
        configuration.setBrokerInstance(instanceDir.toFile());
        port = freePort();
        configuration.clearAcceptorConfigurations();
        configuration.addAcceptorConfiguration("core", "tcp://127.0.0.1:" + port + "?protocols=CORE");
        broker.setConfiguration(configuration);
        broker.start();
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws Exception {
        broker.stop();
    }
}
