package dev.switchboard.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.switchboard.pipeline.DeliveryHeaders;

/**
 * The consumers of a {@link JmsBatchEndpoint}: each a thread with a connection, a transacted
 * session and a consumer of its own, which takes a batch, runs it through the route and commits
 * the session once the exchange completed (rolls it back if it failed). See {@link JmsBatchComponent}.
 */
final class JmsBatchConsumer extends DefaultConsumer {

    private static final Logger log = LoggerFactory.getLogger(JmsBatchConsumer.class);
    /** How long a receive waits before looking whether the consumer is stopping. */
    private static final long RECEIVE_MILLIS = 500;
    private static final Duration FIRST_RECONNECT = Duration.ofSeconds(1);
    private static final Duration LAST_RECONNECT = Duration.ofSeconds(30);
    /** How long stopping waits for a batch in progress to complete. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final JmsBatchEndpoint endpoint;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    JmsBatchConsumer(JmsBatchEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        running = true;
        for (int n = 1; n <= endpoint.consumers(); n++) {
            Thread thread = new Thread(this::consume, "jmsbatch-" + endpoint.queue() + "-" + n);
            // a batch still running at exit is rolled back by the broker and given again after the restart
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        threads.clear();
        super.doStop();
    }

    /** One consumer's life: connect, take batches until stopped, connect again after a broker failure. */
    private void consume() {
        Duration wait = FIRST_RECONNECT;
        while (running) {
            try (Connection connection = endpoint.connections().createConnection()) {
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(endpoint.queue()));
                connection.start();
                wait = FIRST_RECONNECT;
                takeBatches(session, consumer);
            } catch (JMSException | RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("SB-2102 a consumer of {} lost the broker ({}); connecting again in {} s", endpoint.queue(),
                        e.getMessage(), wait.toSeconds());
                if (!pause(wait)) {
                    return;
                }
                wait = wait.multipliedBy(2).compareTo(LAST_RECONNECT) > 0 ? LAST_RECONNECT : wait.multipliedBy(2);
            }
        }
    }

    private void takeBatches(Session session, MessageConsumer consumer) throws JMSException {
        // after a failed batch its messages come back first: take that many one by one, so that the
        // one that failed it counts its delivery attempts alone and the others go through
        int oneByOne = 0;
        while (running) {
            List<JmsBatch.Message> batch = receive(consumer, oneByOne > 0 ? 1 : endpoint.maxMessages());
            if (batch.isEmpty()) {
                continue;
            }
            if (completed(new JmsBatch(batch))) {
                session.commit();
                oneByOne = Math.max(0, oneByOne - batch.size());
            } else {
                session.rollback();
                oneByOne = Math.max(oneByOne, batch.size());
            }
        }
    }

    /** The first message (waiting for it a while), then what the broker has already sent, up to {@code max}. */
    private List<JmsBatch.Message> receive(MessageConsumer consumer, int max) throws JMSException {
        jakarta.jms.Message first = consumer.receive(RECEIVE_MILLIS);
        if (first == null) {
            return List.of();
        }
        List<JmsBatch.Message> batch = new ArrayList<>();
        batch.add(read(first));
        for (jakarta.jms.Message next; batch.size() < max && (next = consumer.receiveNoWait()) != null; ) {
            batch.add(read(next));
        }
        return batch;
    }

    private static JmsBatch.Message read(jakarta.jms.Message message) throws JMSException {
        // anything but text has no body here: the route's step finds it unreadable and dead-letters it
        String body = message instanceof TextMessage text ? text.getText() : null;
        return new JmsBatch.Message(message.getJMSMessageID(), message.getStringProperty(DeliveryHeaders.GROUP), body);
    }

    /** Runs the batch through the route; true when the exchange completed (its transaction may commit). */
    private boolean completed(JmsBatch batch) {
        Exchange exchange = createExchange(false);
        try {
            exchange.getMessage().setBody(batch);
            exchange.getMessage().setHeader("SbBatchSize", batch.size());
            getProcessor().process(exchange);
            if (exchange.getException() != null) {
                getExceptionHandler().handleException("a batch of " + endpoint.queue()
                        + " failed; rolled back, its messages are given again one by one", exchange,
                        exchange.getException());
                return false;
            }
            return !exchange.isRollbackOnly() && !exchange.isRollbackOnlyLast();
        } catch (Exception e) {
            getExceptionHandler().handleException("a batch of " + endpoint.queue() + " failed", exchange, e);
            return false;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** Waits, in slices so that a stop does not wait for it; false when stopped or interrupted. */
    private boolean pause(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        try {
            while (running && System.nanoTime() < until) {
                Thread.sleep(RECEIVE_MILLIS);
            }
            return running;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
