package dev.switchboard.platform;

import java.util.Map;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

/**
 * Camel component {@code jmsbatch:queue:<name>?consumers=4&maxMessages=64}: consumes a queue in
 * local JMS transactions of up to {@code maxMessages} messages each, one exchange per transaction
 * with a {@link JmsBatch} body, so that one broker commit (and the database commits the route's
 * steps share) covers many messages. camel-jms takes one message per transaction: every message
 * then costs a broker commit and, waiting for it, a database commit of its own.
 * <p>
 * A consumer takes what the broker has already sent it (never waits to fill a batch), keeps its
 * consumer open, so a message group stays on it and in order, and after a batch that failed takes
 * its messages again one by one, so that a message that cannot be handled spends its further
 * delivery attempts (the broker dead-letters it after its address's maximum) alone, not with the
 * others. Consume only: routes send with {@code jms:} or {@code jmsout:}.
 */
@Component("jmsbatch")
public class JmsBatchComponent extends DefaultComponent {

    private final ConnectionFactory connections;

    JmsBatchComponent(ConnectionFactory connectionFactory) {
        this.connections = BrokerConnections.uncached(connectionFactory);
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters)
            throws Exception {
        String queue = remaining.startsWith("queue:") ? remaining.substring("queue:".length()) : remaining;
        if (queue.isBlank()) {
            throw new IllegalArgumentException("jmsbatch: needs a queue name, e.g. jmsbatch:queue:sb.inbound");
        }
        int consumers = getAndRemoveParameter(parameters, "consumers", Integer.class, 1);
        int maxMessages = getAndRemoveParameter(parameters, "maxMessages", Integer.class, 64);
        if (consumers < 1 || maxMessages < 1) {
            throw new IllegalArgumentException("jmsbatch: consumers and maxMessages are at least 1, not "
                    + consumers + " and " + maxMessages);
        }
        return new JmsBatchEndpoint(uri, this, connections, queue, consumers, maxMessages);
    }
}
