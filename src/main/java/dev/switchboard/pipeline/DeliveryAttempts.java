package dev.switchboard.pipeline;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The start and the end of every attempt route. {@link #begin} keeps the delivery aside;
 * {@link #record} reads the outcome (HTTP status, or the failure the route caught) and decides:
 * delivered, park or reschedule with backoff, or dead-letter once the budget is spent. The
 * decision is taken once per attempt and kept on the exchange, so when recording is retried in
 * place (the database was away) the same decision is applied again, not a new one.
 */
@Component("deliveryAttempts")
public class DeliveryAttempts {

    /** Exchange property with the outcome: one of the constants below. */
    public static final String OUTCOME = "SbOutcome";
    public static final String DELIVERED = "delivered";
    public static final String RETRY_LATER = "retry_later";
    public static final String DEAD = "dead";
    /** Not sent: what it was for is over (a bot's event for a chat that went to people). */
    public static final String DROPPED = "dropped";

    private static final String DECISION = "SbDecision";
    private static final String DEAD_LETTERED = "SbDeadLettered";
    private static final Logger log = LoggerFactory.getLogger(DeliveryAttempts.class);

    /** What to do after an attempt. {@code holdReceiver}: the receiver did not answer, or asked all to wait. */
    record Decision(String outcome, int attempts, OffsetDateTime firstFailedAt, OffsetDateTime nextAttempt,
            Integer status, String error, boolean holdReceiver) {
    }

    private final ParkedDeliveries parked;
    private final DeadLetters deadLetters;
    private final ReceiverHolds receivers;
    private final Backoff backoff;
    private final DeliveryProperties properties;
    private final Map<String, DeliveryTarget> targets;
    private final Clock clock;

    public DeliveryAttempts(ParkedDeliveries parked, DeadLetters deadLetters, ReceiverHolds receivers,
            Backoff backoff, DeliveryProperties properties, List<DeliveryTarget> targets, Clock clock) {
        this.parked = parked;
        this.deadLetters = deadLetters;
        this.receivers = receivers;
        this.backoff = backoff;
        this.properties = properties;
        this.targets = targets.stream().collect(Collectors.toMap(DeliveryTarget::queue, Function.identity()));
        this.clock = clock;
    }

    public void begin(Exchange exchange) {
        Attempt.begin(exchange);
    }

    public void record(Exchange exchange) {
        Attempt attempt = Attempt.of(exchange);
        Decision decision = exchange.getProperty(DECISION, Decision.class);
        if (decision == null) {
            decision = decide(exchange, attempt);
            exchange.setProperty(DECISION, decision);
        }
        apply(exchange, attempt, decision);
    }

    /** For a delivery no retry can help (route configuration "delivery" sends PermanentDeliveryFailure here). */
    public void deadLetter(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Decision decision = new Decision(DEAD, 0, null, null, null,
                cause == null ? "no retry can deliver it" : cause.getMessage(), false);
        apply(exchange, Attempt.of(exchange), decision);
    }

    /**
     * Drops the delivery unsent because it is no longer wanted (a route step, after {@link #begin}):
     * its parked row goes, and the case's later deliveries move on.
     */
    public void drop(Exchange exchange) {
        Attempt attempt = Attempt.of(exchange);
        if (attempt.parkedId() != null) {
            parked.delete(attempt.parkedId());
        }
        log.debug("SB-2007 delivery {} of {} dropped: no longer wanted", attempt.deliveryId(), attempt.groupKey());
        exchange.setProperty(OUTCOME, DROPPED);
    }

    /** A retry that could not even be attempted (an unexpected error): counted like a failed attempt. */
    void notAttempted(ParkedDelivery row, Exception error) {
        Attempt attempt = new Attempt(row.queue(), row.groupKey(), row.receiver(), row.deliveryId(), row.payload(),
                row.id());
        Decision decision = failed(row, "could not be attempted: " + error, null, null, false);
        apply(null, attempt, decision);
    }

    private Decision decide(Exchange exchange, Attempt attempt) {
        Exception failure = exchange.getProperty(DeliveryHeaders.FAILURE, Exception.class);
        Integer status = failure == null
                ? exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class) : null;
        ParkedDelivery row = attempt.parkedId() == null ? null : parked.find(attempt.parkedId()).orElse(null);
        if (failure == null && status != null && status >= 200 && status < 300) {
            return new Decision(DELIVERED, row == null ? 0 : row.attempts(), null, null, status, null, false);
        }
        String error = failure != null ? failure.getClass().getSimpleName() + ": " + failure.getMessage()
                : "HTTP " + status + responseSnippet(exchange);
        if (status != null && target(attempt).map(t -> t.refusedForGood(status)).orElse(false)) {
            return new Decision(DEAD, row == null ? 1 : row.attempts() + 1, row == null ? null : row.firstFailedAt(),
                    null, status, "refused for good: " + error, false);
        }
        Duration retryAfter = status != null && (status == 429 || status == 503)
                ? RetryAfter.parse(exchange.getMessage().getHeader("Retry-After"), clock) : null;
        // no answer at all, rate-limited, or unavailable for a stated time: the receiver waits as a whole
        boolean holdReceiver = failure != null || (status != null && status == 429) || retryAfter != null;
        return failed(row, error, status, retryAfter, holdReceiver);
    }

    private Decision failed(ParkedDelivery row, String error, Integer status, Duration retryAfter,
            boolean holdReceiver) {
        OffsetDateTime now = now();
        int attempts = row == null ? 1 : row.attempts() + 1;
        OffsetDateTime firstFailure = row == null || row.firstFailedAt() == null ? now : row.firstFailedAt();
        // the budget runs from when the delivery was parked, however long it waited behind others
        OffsetDateTime deadline = (row == null ? now : row.createdAt()).plus(properties.budget());
        if (!now.isBefore(deadline)) {
            return new Decision(DEAD, attempts, firstFailure, null, status,
                    "gave up after " + attempts + " attempts: " + error, false);
        }
        OffsetDateTime next = now.plus(backoff.after(attempts, retryAfter));
        return new Decision(RETRY_LATER, attempts, firstFailure, next.isAfter(deadline) ? deadline : next, status,
                error, holdReceiver);
    }

    private void apply(Exchange exchange, Attempt attempt, Decision decision) {
        switch (decision.outcome()) {
            case DELIVERED -> {
                receivers.release(attempt.receiver());
                target(attempt).ifPresent(t -> t.delivered(attempt));
                if (attempt.parkedId() != null) {
                    parked.delete(attempt.parkedId());
                    if (decision.attempts() > 0) {
                        log.info("SB-2004 delivery {} of {} delivered after {} failed attempts",
                                attempt.deliveryId(), attempt.groupKey(), decision.attempts());
                    }
                }
            }
            case RETRY_LATER -> {
                target(attempt).ifPresent(t -> t.failed(attempt, decision.firstFailedAt()));
                if (decision.holdReceiver()) {
                    receivers.hold(attempt.receiver(), decision.nextAttempt().toInstant());
                }
                if (attempt.parkedId() == null) {
                    parked.park(attempt, decision.nextAttempt(), decision.status(), decision.error());
                    log.warn("SB-2003 delivery {} of {} to {} failed ({}); case held until {}", attempt.deliveryId(),
                            attempt.groupKey(), attempt.receiver(), decision.error(), decision.nextAttempt());
                } else {
                    parked.reschedule(attempt.parkedId(), decision.attempts(), decision.firstFailedAt(),
                            decision.nextAttempt(), decision.status(), decision.error());
                    log.debug("SB-2003 delivery {} attempt {} failed ({}); next at {}", attempt.deliveryId(),
                            decision.attempts(), decision.error(), decision.nextAttempt());
                }
            }
            default -> {
                if (exchange == null || !Boolean.TRUE.equals(exchange.getProperty(DEAD_LETTERED))) {
                    deadLetters.add(attempt, decision.error(), decision.attempts(), decision.firstFailedAt(),
                            decision.status());
                    if (exchange != null) {
                        exchange.setProperty(DEAD_LETTERED, true);
                    }
                }
                if (attempt.parkedId() != null) {
                    parked.delete(attempt.parkedId());
                }
            }
        }
        if (exchange != null) {
            exchange.setProperty(OUTCOME, decision.outcome());
        }
    }

    private Optional<DeliveryTarget> target(Attempt attempt) {
        return Optional.ofNullable(attempt.queue() == null ? null : targets.get(attempt.queue()));
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
