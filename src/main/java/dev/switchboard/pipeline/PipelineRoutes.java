package dev.switchboard.pipeline;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

/**
 * The pipeline's own timers, visible in Hawtio next to the channel routes: the outbox sweep
 * (rows a crash or another node left behind) and the retry of parked deliveries.
 */
@Component
public class PipelineRoutes extends RouteBuilder {

    @Override
    public void configure() {
        from("timer:outbox-sweep?period={{switchboard.outbox.sweep-interval}}")
                .routeId("outbox-sweep")
                .routeDescription("Moves outbox rows that were not relayed right after their commit to the broker")
                .bean("outboxRelay", "wake");

        from("timer:delivery-retry?period={{switchboard.delivery.retry-poll-interval}}")
                .routeId("delivery-retry")
                .routeDescription("Retries parked deliveries whose wait is over, in order per case")
                .bean("deliveryRetries", "dispatchDue");
    }
}
