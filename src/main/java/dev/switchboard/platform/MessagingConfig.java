package dev.switchboard.platform;

import java.time.Duration;

import jakarta.jms.ConnectionFactory;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.switchboard.pipeline.Queues;

/**
 * The broker as Camel sees it. camel-jms has no starter here, so {@code camel.component.jms.*}
 * would be ignored: the component is declared as a bean named {@code jms}. Consumers use local
 * JMS transactions (acknowledged when the route completes) and keep their consumer open, so
 * a message group stays on one consumer.
 */
@Configuration(proxyBeanMethods = false)
public class MessagingConfig {

    @Bean("jms")
    JmsComponent jms(ConnectionFactory connectionFactory) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(BrokerConnections.uncached(connectionFactory));
        jms.setTransacted(true);
        jms.setLazyCreateTransactionManager(false);
        jms.setCacheLevelName("CACHE_CONSUMER");
        jms.setDeliveryPersistent(true);
        return jms;
    }

    /**
     * For routes that put a message on the broker while a caller waits (a channel's webhook is
     * answered once its message is stored): Boot's cached sessions and producers, no transaction,
     * persistent sends that return once the broker has the message durably.
     */
    @Bean("jmsout")
    JmsComponent jmsout(ConnectionFactory connectionFactory) {
        JmsComponent jms = new JmsComponent();
        jms.setConnectionFactory(connectionFactory);
        jms.setDeliveryPersistent(true);
        return jms;
    }

    /**
     * Embedded broker settings Boot has no properties for. An external broker is configured in
     * its own broker.xml (see docker/artemis/broker.xml) with the same values.
     */
    @Bean
    ArtemisConfigurationCustomizer brokerSettings(
            @Value("${switchboard.broker.journal-buffer-timeout}") Duration journalBufferTimeout) {
        int flushNanos = Math.toIntExact(journalBufferTimeout.toNanos());
        return configuration -> {
            configuration.setJMXManagementEnabled(true);
            // a durable send or commit waits for the next journal flush (and its fsync); Artemis's
            // NIO default of 3.33 ms is tuned for disks slower than today's, see application.yaml
            configuration.setJournalBufferTimeout_NIO(flushNanos);
            configuration.setJournalBufferTimeout_AIO(flushNanos);
            // a consumer rollback (a stop mid-attempt, or an error that is not transient) redelivers at
            // once, so the message keeps its place in its group; after repeated failures it goes to sb.dead
            configuration.addAddressSetting("sb.outbound.#", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(Queues.DEAD))
                    .setMaxDeliveryAttempts(20)
                    .setRedeliveryDelay(0L));
            // a replay that fails rolls back: a dead letter is never moved on or dropped for that
            configuration.addAddressSetting("sb.inbound", new AddressSettings()
                    .setDeadLetterAddress(SimpleString.of(Queues.DEAD))
                    .setMaxDeliveryAttempts(20)
                    .setRedeliveryDelay(0L));
            configuration.addAddressSetting(Queues.DEAD, new AddressSettings().setMaxDeliveryAttempts(-1));
        };
    }
}
