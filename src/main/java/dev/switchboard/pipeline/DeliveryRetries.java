package dev.switchboard.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends parked deliveries whose wait is over, case by case: the head of a case first, then,
 * while attempts succeed (or end in the dead-letter queue), the ones parked behind it. A case
 * whose head must wait again stays held. Cases are worked on in parallel by a small pool, one
 * case per receiver at a time (a probe: a receiver that does not answer ties up one thread, not
 * all of them); a case is claimed only when a thread is free to work on it at once.
 */
@Component("deliveryRetries")
public class DeliveryRetries implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRetries.class);

    private final ParkedDeliveries parked;
    private final DeliveryAttempts attempts;
    private final ProducerTemplate producer;
    private final Map<String, DeliveryTarget> targets;
    private final int threads;
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Receivers with retries in flight on this node, counted (a multiset). */
    private final ConcurrentHashMultiset busyReceivers = new ConcurrentHashMultiset();
    private volatile ExecutorService pool;

    public DeliveryRetries(ParkedDeliveries parked, DeliveryAttempts attempts, ProducerTemplate producer,
            List<DeliveryTarget> targets, DeliveryProperties properties) {
        this.parked = parked;
        this.attempts = attempts;
        this.producer = producer;
        this.targets = targets.stream().collect(Collectors.toMap(DeliveryTarget::queue, Function.identity()));
        this.threads = properties.retryThreads();
    }

    /** Claims due case heads, as many as there are free threads, and works on each case. */
    public int dispatchDue() {
        ExecutorService current = pool;
        int free = threads - inFlight.get();
        if (current == null || free <= 0) {
            return 0;
        }
        List<ParkedDelivery> heads = parked.claimDue(free, busyReceivers.elementSet());
        for (ParkedDelivery head : heads) {
            inFlight.incrementAndGet();
            busyReceivers.add(head.receiver());
            try {
                current.execute(() -> {
                    try {
                        drain(head);
                    } finally {
                        busyReceivers.remove(head.receiver());
                        inFlight.decrementAndGet();
                    }
                });
            } catch (RejectedExecutionException stopping) {
                busyReceivers.remove(head.receiver());
                inFlight.decrementAndGet();
                parked.release(head.id());
            }
        }
        return heads.size();
    }

    private void drain(ParkedDelivery head) {
        Optional<ParkedDelivery> next = Optional.of(head);
        while (next.isPresent() && pool != null) {
            ParkedDelivery delivery = next.get();
            String outcome = attempt(delivery);
            if (DeliveryAttempts.RETRY_LATER.equals(outcome)) {
                return;
            }
            next = parked.claimNext(delivery.groupKey());
        }
        next.ifPresent(unworked -> parked.release(unworked.id()));
    }

    private String attempt(ParkedDelivery delivery) {
        DeliveryTarget target = targets.get(delivery.queue());
        try {
            if (target == null) {
                throw new IllegalStateException("no route serves queue " + delivery.queue());
            }
            Exchange result = producer.send(target.attemptEndpoint(), exchange -> {
                exchange.getMessage().setBody(delivery.payload());
                exchange.getMessage().setHeader(DeliveryHeaders.GROUP, delivery.groupKey());
                exchange.getMessage().setHeader(DeliveryHeaders.RECEIVER, delivery.receiver());
                exchange.getMessage().setHeader(DeliveryHeaders.DELIVERY_ID, delivery.deliveryId());
                exchange.getMessage().setHeader(DeliveryHeaders.QUEUE, delivery.queue());
                exchange.setProperty(DeliveryHeaders.PARKED_ID, delivery.id());
            });
            if (result.getException() != null) {
                throw result.getException();
            }
            return result.getProperty(DeliveryAttempts.OUTCOME, DeliveryAttempts.RETRY_LATER, String.class);
        } catch (Exception e) {
            log.warn("SB-2103 retry of delivery {} could not be attempted: {}", delivery.deliveryId(), e.toString());
            attempts.notAttempted(delivery, e);
            return DeliveryAttempts.RETRY_LATER;
        }
    }

    /** A small counting set: a receiver is busy while any of its retries runs. */
    private static final class ConcurrentHashMultiset {
        private final Map<String, Integer> counts = new ConcurrentHashMap<>();

        void add(String key) {
            counts.merge(key, 1, Integer::sum);
        }

        void remove(String key) {
            counts.computeIfPresent(key, (k, n) -> n > 1 ? n - 1 : null);
        }

        Set<String> elementSet() {
            return Set.copyOf(counts.keySet());
        }
    }

    @Override
    public void start() {
        AtomicInteger count = new AtomicInteger();
        pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "delivery-retry-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void stop() {
        ExecutorService current = pool;
        pool = null;
        if (current != null) {
            current.shutdown();
            try {
                current.awaitTermination(15, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return pool != null;
    }

    /** Started after Camel and stopped before it (Camel's phase is Integer.MAX_VALUE - 2049). */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }
}
