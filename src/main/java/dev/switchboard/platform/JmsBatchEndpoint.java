package dev.switchboard.platform;

import jakarta.jms.ConnectionFactory;

import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.DefaultEndpoint;

/** A queue consumed in batches; see {@link JmsBatchComponent}. */
final class JmsBatchEndpoint extends DefaultEndpoint {

    private final ConnectionFactory connections;
    private final String queue;
    private final int consumers;
    private final int maxMessages;

    JmsBatchEndpoint(String uri, JmsBatchComponent component, ConnectionFactory connections, String queue,
            int consumers, int maxMessages) {
        super(uri, component);
        this.connections = connections;
        this.queue = queue;
        this.consumers = consumers;
        this.maxMessages = maxMessages;
    }

    /** Consume only by design, as Camel's own consumer-only endpoints (timer, scheduler) are. */
    @Override
    public Producer createProducer() {
        throw new RuntimeCamelException("Cannot produce to a jmsbatch endpoint: " + getEndpointUri()
                + "; send with jms: or jmsout:");
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        JmsBatchConsumer consumer = new JmsBatchConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    ConnectionFactory connections() {
        return connections;
    }

    String queue() {
        return queue;
    }

    int consumers() {
        return consumers;
    }

    int maxMessages() {
        return maxMessages;
    }
}
