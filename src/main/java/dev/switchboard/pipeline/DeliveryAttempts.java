package dev.switchboard.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The start and the end of every attempt route. {@link #begin} keeps the delivery aside;
 * {@link #record} reads the outcome (HTTP status, a caught exception) and decides: delivered,
 * park or reschedule with backoff, or dead-letter when the budget is spent or no retry can help.
 */
@Component("deliveryAttempts")
public class DeliveryAttempts {

    /** Exchange property with the outcome: one of the constants below. */
    public static final String OUTCOME = "SbOutcome";
    public static final String DELIVERED = "delivered";
    public static final String RETRY_LATER = "retry_later";
    public static final String DEAD = "dead";

    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    private final ParkedDeliveries parked;
    private final DeadLetters deadLetters;
    private final Backoff backoff;
    private final DeliveryProperties properties;
    private final Clock clock;

    public DeliveryAttempts(ParkedDeliveries parked, DeadLetters deadLetters, Backoff backoff,
            DeliveryProperties properties, Clock clock) {
        this.parked = parked;
        this.deadLetters = deadLetters;
        this.backoff = backoff;
        this.properties = properties;
        this.clock = clock;
    }

    public void begin(Exchange exchange) {
        Attempt.begin(exchange);
    }

    public void record(Exchange exchange) {
        Attempt attempt = Attempt.of(exchange);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Integer status = failure == null
                ? exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class) : null;
        String outcome;
        if (failure instanceof PermanentDeliveryFailure permanent) {
            deadLetter(attempt, permanent.getMessage(), 0, null, null);
            outcome = DEAD;
        } else if (failure == null && status != null && status >= 200 && status < 300) {
            delivered(attempt);
            outcome = DELIVERED;
        } else {
            String error = failure != null ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
                    : "HTTP " + status + responseSnippet(exchange);
            Duration retryAfter = status != null && (status == 429 || status == 503)
                    ? RetryAfter.parse(exchange.getMessage().getHeader("Retry-After"), clock) : null;
            outcome = failed(attempt, status, error, retryAfter);
        }
        exchange.setProperty(OUTCOME, outcome);
    }

    private void delivered(Attempt attempt) {
        if (attempt.parkedId() != null) {
            parked.find(attempt.parkedId()).filter(p -> p.attempts() > 0).ifPresent(p ->
                    log.info("SB-2004 delivery {} of {} delivered after {} failed attempts",
                            attempt.deliveryId(), attempt.groupKey(), p.attempts()));
            parked.delete(attempt.parkedId());
        }
    }

    private String failed(Attempt attempt, Integer status, String error, Duration retryAfter) {
        OffsetDateTime now = now();
        if (attempt.parkedId() == null) {
            Duration wait = backoff.after(1, retryAfter);
            parked.park(attempt, now.plus(wait), status, error);
            log.warn("SB-2003 delivery {} of {} to {} failed ({}); case held, retry in {} ms",
                    attempt.deliveryId(), attempt.groupKey(), attempt.queue(), error, wait.toMillis());
            return RETRY_LATER;
        }
        ParkedDelivery row = parked.find(attempt.parkedId()).orElse(null);
        if (row == null) {
            return RETRY_LATER;
        }
        int attempts = row.attempts() + 1;
        OffsetDateTime firstFailure = row.firstFailedAt() == null ? now : row.firstFailedAt();
        if (!now.isBefore(firstFailure.plus(properties.budget()))) {
            deadLetter(attempt, "gave up after " + attempts + " attempts: " + error, attempts, firstFailure, status);
            return DEAD;
        }
        Duration wait = backoff.after(attempts, retryAfter);
        parked.reschedule(row.id(), attempts, firstFailure, now.plus(wait), status, error);
        log.debug("SB-2003 delivery {} attempt {} failed ({}); retry in {} ms", attempt.deliveryId(), attempts,
                error, wait.toMillis());
        return RETRY_LATER;
    }

    private void deadLetter(Attempt attempt, String reason, int attempts, OffsetDateTime firstFailure,
            Integer status) {
        deadLetters.add(attempt, reason, attempts, firstFailure, status);
        if (attempt.parkedId() != null) {
            parked.delete(attempt.parkedId());
        }
    }

    private static String responseSnippet(Exchange exchange) {
        String body = exchange.getMessage().getBody(String.class);
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        return ": " + (line.length() > 200 ? line.substring(0, 200) + "…" : line);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
