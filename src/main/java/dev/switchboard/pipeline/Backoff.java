package dev.switchboard.pipeline;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

/**
 * Waits between attempts: exponential from {@code first-retry} by {@code multiplier}, capped at
 * {@code max-retry-interval}, each spread by {@code jitter} so receivers coming back are not hit by
 * every sender at once. A receiver's Retry-After wins when it asks for longer.
 */
@Component
public class Backoff {

    private final DeliveryProperties properties;

    public Backoff(DeliveryProperties properties) {
        this.properties = properties;
    }

    /** The wait after the given number of failed attempts (1 = after the first failure). */
    public Duration after(int failedAttempts, Duration retryAfter) {
        double base = properties.firstRetry().toMillis() * Math.pow(properties.multiplier(), failedAttempts - 1);
        double capped = Math.min(base, properties.maxRetryInterval().toMillis());
        double spread = properties.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        long wait = Math.max(0, Math.round(capped * (1 + spread)));
        if (retryAfter != null && retryAfter.toMillis() > wait) {
            return retryAfter;
        }
        return Duration.ofMillis(wait);
    }
}
