package dev.switchboard.pipeline;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.switchboard.platform.BrokerConnections;

/**
 * The dead-letter queue {@code sb.dead}: deliveries given up after their budget, or that no retry
 * can help. Each keeps its delivery id, queue, case and why it died; it can be listed and
 * replayed to its queue (where it again waits behind earlier deliveries of its case). Messages the
 * broker itself dead-lettered after repeated consumer failures land here too.
 */
@Component
public class DeadLetters {

    static final String REASON = "SbReason";
    static final String ATTEMPTS = "SbAttempts";
    static final String LAST_STATUS = "SbLastStatus";
    static final String FIRST_FAILED_AT = "SbFirstFailedAt";
    static final String DEAD_AT = "SbDeadAt";
    static final String GROUP = "SbGroup";
    private static final Pattern DELIVERY_ID = Pattern.compile("[0-9a-fA-F-]{36}");

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final ConnectionFactory sending;
    private final ConnectionFactory broker;
    private final Clock clock;

    public DeadLetters(ConnectionFactory broker, Clock clock) {
        this.sending = broker;
        this.broker = BrokerConnections.uncached(broker);
        this.clock = clock;
    }

    public void add(Attempt attempt, String reason, int attempts, OffsetDateTime firstFailedAt, Integer lastStatus) {
        try (Connection connection = sending.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            TextMessage message = session.createTextMessage(attempt.payload());
            message.setStringProperty(DeliveryHeaders.DELIVERY_ID, attempt.deliveryId());
            message.setStringProperty(DeliveryHeaders.QUEUE, attempt.queue());
            message.setStringProperty(GROUP, attempt.groupKey());
            message.setStringProperty(DeliveryHeaders.RECEIVER, attempt.receiver());
            message.setStringProperty(REASON, reason);
            message.setIntProperty(ATTEMPTS, attempts);
            if (lastStatus != null) {
                message.setIntProperty(LAST_STATUS, lastStatus);
            }
            if (firstFailedAt != null) {
                message.setLongProperty(FIRST_FAILED_AT, firstFailedAt.toInstant().toEpochMilli());
            }
            message.setLongProperty(DEAD_AT, clock.millis());
            MessageProducer producer = session.createProducer(session.createQueue(Queues.DEAD));
            producer.send(message, DeliveryMode.PERSISTENT, Message.DEFAULT_PRIORITY, 0);
        } catch (JMSException e) {
            throw new IllegalStateException("could not dead-letter delivery " + attempt.deliveryId(), e);
        }
        log.warn("SB-2001 delivery dead-lettered delivery={} case={} target={} reason={}", attempt.deliveryId(),
                attempt.groupKey(), attempt.queue(), reason);
    }

    public record Page(List<DeadLetter> items, long total) {
    }

    /** Lists dead letters, oldest first, optionally only those of one queue. */
    public Page list(String queue, long offset, int limit) {
        try (Connection connection = broker.createConnection();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            connection.start();
            QueueBrowser browser = session.createBrowser(session.createQueue(Queues.DEAD));
            List<DeadLetter> items = new ArrayList<>();
            long index = 0;
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Message message = (Message) messages.nextElement();
                DeadLetter letter = read(message);
                if (queue != null && !queue.equals(letter.queue())) {
                    continue;
                }
                if (index >= offset && items.size() < limit) {
                    items.add(letter);
                }
                index++;
            }
            return new Page(items, index);
        } catch (JMSException e) {
            throw new IllegalStateException("could not browse the dead-letter queue", e);
        }
    }

    /** Sends one dead letter back to its queue; false if there is no such dead letter. */
    public boolean replay(String deliveryId) {
        if (!DELIVERY_ID.matcher(deliveryId).matches()) {
            return false;
        }
        return replay(DeliveryHeaders.DELIVERY_ID + " = '" + deliveryId + "'", 1) == 1;
    }

    /** Sends every dead letter (of one queue, if given) back; returns how many. */
    public int replayAll(String queue) {
        if (queue != null && !queue.matches("[A-Za-z0-9._-]+")) {
            return 0;
        }
        return replay(queue == null ? null : DeliveryHeaders.QUEUE + " = '" + queue + "'", Integer.MAX_VALUE);
    }

    private int replay(String selector, int max) {
        int replayed = 0;
        try (Connection connection = broker.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            connection.start();
            Queue dead = session.createQueue(Queues.DEAD);
            try (MessageConsumer consumer = selector == null ? session.createConsumer(dead)
                    : session.createConsumer(dead, selector)) {
                MessageProducer producer = session.createProducer(null);
                Message message;
                while (replayed < max && (message = consumer.receive(replayed == 0 ? 1000 : 200)) != null) {
                    String target = message.getStringProperty(DeliveryHeaders.QUEUE);
                    if (target == null) {
                        session.rollback();
                        throw new IllegalStateException("dead letter without a queue: " + message.getJMSMessageID());
                    }
                    TextMessage copy = session.createTextMessage(((TextMessage) message).getText());
                    copy.setStringProperty(DeliveryHeaders.DELIVERY_ID,
                            message.getStringProperty(DeliveryHeaders.DELIVERY_ID));
                    copy.setStringProperty(DeliveryHeaders.QUEUE, target);
                    copy.setStringProperty(DeliveryHeaders.RECEIVER,
                            message.getStringProperty(DeliveryHeaders.RECEIVER));
                    copy.setStringProperty(DeliveryHeaders.GROUP, groupOf(message));
                    producer.send(session.createQueue(target), copy, DeliveryMode.PERSISTENT,
                            Message.DEFAULT_PRIORITY, 0);
                    session.commit();
                    replayed++;
                    log.info("SB-2002 dead letter replayed delivery={} target={}",
                            copy.getStringProperty(DeliveryHeaders.DELIVERY_ID), target);
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("could not replay dead letters", e);
        }
        return replayed;
    }

    private static String groupOf(Message message) throws JMSException {
        String group = message.getStringProperty(GROUP);
        return group != null ? group : message.getStringProperty(DeliveryHeaders.GROUP);
    }

    private static DeadLetter read(Message message) throws JMSException {
        String reason = message.getStringProperty(REASON);
        return new DeadLetter(
                message.getStringProperty(DeliveryHeaders.DELIVERY_ID),
                message.getStringProperty(DeliveryHeaders.QUEUE),
                groupOf(message),
                reason != null ? reason : "the broker gave up after repeated consumer failures",
                message.propertyExists(ATTEMPTS) ? message.getIntProperty(ATTEMPTS) : 0,
                message.propertyExists(LAST_STATUS) ? message.getIntProperty(LAST_STATUS) : null,
                time(message, FIRST_FAILED_AT),
                message.propertyExists(DEAD_AT) ? time(message, DEAD_AT)
                        : Instant.ofEpochMilli(message.getJMSTimestamp()).atOffset(ZoneOffset.UTC),
                message instanceof TextMessage text ? text.getText() : null);
    }

    private static OffsetDateTime time(Message message, String property) throws JMSException {
        return message.propertyExists(property)
                ? Instant.ofEpochMilli(message.getLongProperty(property)).atOffset(ZoneOffset.UTC) : null;
    }

}
