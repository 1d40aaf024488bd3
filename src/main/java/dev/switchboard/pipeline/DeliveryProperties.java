package dev.switchboard.pipeline;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code switchboard.delivery.*}: how outbound deliveries are consumed, retried and given up. */
@ConfigurationProperties("switchboard.delivery")
public record DeliveryProperties(
        int consumers,
        Duration firstRetry,
        double multiplier,
        Duration maxRetryInterval,
        double jitter,
        Duration budget,
        Duration retryPollInterval,
        int retryThreads) {
}
