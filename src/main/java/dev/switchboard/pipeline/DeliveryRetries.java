package dev.switchboard.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends parked deliveries whose wait is over, case by case: the head of a case first, then,
 * while attempts succeed (or end in the dead-letter queue), the ones parked behind it. A case
 * whose head must wait again stays held. Cases are worked on in parallel by a small pool.
 */
@Component("deliveryRetries")
public class DeliveryRetries implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRetries.class);

    private final ParkedDeliveries parked;
    private final ProducerTemplate producer;
    private final Map<String, DeliveryTarget> targets;
    private final ExecutorService pool;
    private final int capacity;
    private final AtomicInteger inFlight = new AtomicInteger();

    public DeliveryRetries(ParkedDeliveries parked, ProducerTemplate producer, List<DeliveryTarget> targets,
            DeliveryProperties properties) {
        this.parked = parked;
        this.producer = producer;
        this.targets = targets.stream().collect(Collectors.toMap(DeliveryTarget::queue, Function.identity()));
        this.capacity = properties.retryThreads() * 4;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(properties.retryThreads(), r -> {
            Thread thread = new Thread(r, "delivery-retry-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Claims due case heads (as many as the pool can take) and works on each case in the pool. */
    public int dispatchDue() {
        int free = capacity - inFlight.get();
        if (free <= 0) {
            return 0;
        }
        List<ParkedDelivery> heads = parked.claimDue(free);
        for (ParkedDelivery head : heads) {
            inFlight.incrementAndGet();
            pool.execute(() -> {
                try {
                    drain(head);
                } finally {
                    inFlight.decrementAndGet();
                }
            });
        }
        return heads.size();
    }

    private void drain(ParkedDelivery head) {
        Optional<ParkedDelivery> next = Optional.of(head);
        while (next.isPresent()) {
            ParkedDelivery delivery = next.get();
            String outcome = attempt(delivery);
            if (!DeliveryAttempts.DELIVERED.equals(outcome) && !DeliveryAttempts.DEAD.equals(outcome)) {
                return;
            }
            next = parked.claimNext(delivery.groupKey());
        }
    }

    private String attempt(ParkedDelivery delivery) {
        DeliveryTarget target = targets.get(delivery.queue());
        if (target == null) {
            log.error("SB-2102 parked delivery {} names queue {} that no route serves", delivery.deliveryId(),
                    delivery.queue());
            return DeliveryAttempts.RETRY_LATER;
        }
        Exchange result = producer.send(target.attemptEndpoint(), exchange -> {
            exchange.getMessage().setBody(delivery.payload());
            exchange.getMessage().setHeader(DeliveryHeaders.GROUP, delivery.groupKey());
            exchange.getMessage().setHeader(DeliveryHeaders.DELIVERY_ID, delivery.deliveryId());
            exchange.getMessage().setHeader(DeliveryHeaders.QUEUE, delivery.queue());
            exchange.setProperty(DeliveryHeaders.PARKED_ID, delivery.id());
        });
        if (result.getException() != null) {
            log.warn("SB-2103 retry of delivery {} could not complete: {}", delivery.deliveryId(),
                    result.getException().toString());
            return DeliveryAttempts.RETRY_LATER;
        }
        return result.getProperty(DeliveryAttempts.OUTCOME, DeliveryAttempts.RETRY_LATER, String.class);
    }

    @Override
    public void destroy() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }
}
