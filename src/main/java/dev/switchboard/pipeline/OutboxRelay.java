package dev.switchboard.pipeline;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import dev.switchboard.platform.RowLocks;

/**
 * Moves committed outbox rows to their queues. It runs right after each commit that wrote rows,
 * on start, and on a sweep ({@code switchboard.outbox.sweep-interval}) for rows a crash left
 * behind. One batch = one JMS transaction and one DB transaction: rows are deleted only after
 * the broker has them. A row lock makes one node at a time relay, in id order, so a case's
 * deliveries reach the broker in the order they were written. A crash between the two commits
 * sends a batch twice; the copies carry the same delivery id.
 */
@Component
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private record Row(long id, String queue, String groupKey, String receiver, String deliveryId, String payload) {
    }

    private final JdbcClient jdbc;
    private final RowLocks locks;
    private final TransactionTemplate transaction;
    private final ConnectionFactory broker;
    private final int batchSize;
    private final AtomicBoolean pending = new AtomicBoolean();
    private volatile ExecutorService worker;

    public OutboxRelay(JdbcClient jdbc, RowLocks locks, PlatformTransactionManager transactions,
            ConnectionFactory broker, @Value("${switchboard.outbox.batch-size:500}") int batchSize) {
        this.jdbc = jdbc;
        this.locks = locks;
        this.transaction = new TransactionTemplate(transactions);
        this.broker = broker;
        this.batchSize = batchSize;
    }

    @TransactionalEventListener
    void afterCommit(Outbox.Appended appended) {
        wake();
    }

    /** Asks for a relay run; runs coalesce, so a burst of commits makes few, large batches. */
    public void wake() {
        ExecutorService current = worker;
        if (current != null && pending.compareAndSet(false, true)) {
            current.execute(this::drain);
        }
    }

    private void drain() {
        pending.set(false);
        try {
            while (relayBatch() == batchSize) {
                // a full batch: there may be more
            }
        } catch (RuntimeException e) {
            log.warn("SB-2101 outbox relay failed, rows stay for the next run: {}", e.toString());
        }
    }

    /** Relays one batch; returns how many rows moved. */
    int relayBatch() {
        Integer moved = transaction.execute(status -> {
            locks.lock("outbox_relay_lock", "id = 1");
            List<Row> rows = jdbc.sql("""
                    SELECT id, queue_name, group_key, receiver, delivery_id, payload FROM outbox
                    ORDER BY id FETCH FIRST ? ROWS ONLY""")
                    .param(batchSize)
                    .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6)))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            send(rows);
            jdbc.sql("DELETE FROM outbox WHERE id IN (:ids)").param("ids", rows.stream().map(Row::id).toList())
                    .update();
            return rows.size();
        });
        return moved == null ? 0 : moved;
    }

    private void send(List<Row> rows) {
        try (Connection connection = broker.createConnection();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED)) {
            MessageProducer producer = session.createProducer(null);
            Map<String, Queue> queues = new HashMap<>();
            for (Row row : rows) {
                TextMessage message = session.createTextMessage(row.payload());
                message.setStringProperty(DeliveryHeaders.GROUP, row.groupKey());
                message.setStringProperty(DeliveryHeaders.DELIVERY_ID, row.deliveryId());
                message.setStringProperty(DeliveryHeaders.QUEUE, row.queue());
                message.setStringProperty(DeliveryHeaders.RECEIVER, row.receiver());
                Queue queue = queues.computeIfAbsent(row.queue(), name -> queue(session, name));
                producer.send(queue, message, DeliveryMode.PERSISTENT, jakarta.jms.Message.DEFAULT_PRIORITY, 0);
            }
            session.commit();
        } catch (JMSException e) {
            throw new IllegalStateException("broker refused the outbox batch", e);
        }
    }

    private static Queue queue(Session session, String name) {
        try {
            return session.createQueue(name);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
        worker = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "outbox-relay");
            thread.setDaemon(true);
            return thread;
        });
        wake();
    }

    @Override
    public void stop() {
        ExecutorService current = worker;
        worker = null;
        if (current != null) {
            current.shutdown();
            try {
                current.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    @Override
    public int getPhase() {
        // after the broker and database are up, before Camel routes stop taking work
        return Integer.MAX_VALUE - 2048;
    }
}
