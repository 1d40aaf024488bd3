package dev.switchboard.channel.botframework;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.switchboard.desk.api.ApiError;
import dev.switchboard.platform.Overloaded;

/**
 * Holds the messaging endpoints to {@code switchboard.botframework.max-in-flight} activities at a
 * time on this node; the next is answered 503 {@code overloaded} with {@code Retry-After} at once,
 * before its body is read, and nothing of it is stored. Platform-http hands each request to a
 * thread pool whose queue has no end, and the servlet thread that took it is free for the next at
 * once: offered faster than the node puts activities on the broker, requests would pile up in that
 * queue, each holding its body, waiting longer than the Connector waits for an answer. An activity
 * is in flight from its arrival until its answer is complete (the end of its asynchronous cycle).
 * Runs after the observation filter, so refusals show in {@code http.server.requests}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class MessagingEndpointAdmission extends OncePerRequestFilter {

    private final int maxInFlight;
    private final Semaphore inFlight;
    private final Counter refused;
    private final ObjectMapper json;

    MessagingEndpointAdmission(BotFrameworkProperties properties, ObjectMapper json, MeterRegistry meters) {
        if (properties.maxInFlight() < 1) {
            throw new IllegalArgumentException("switchboard.botframework.max-in-flight must be at least 1, not "
                    + properties.maxInFlight());
        }
        this.maxInFlight = properties.maxInFlight();
        this.inFlight = new Semaphore(maxInFlight);
        this.json = json;
        Gauge.builder("switchboard.botframework.in.flight", this, MessagingEndpointAdmission::inFlight)
                .description("Activities received by the messaging endpoints and not yet answered").register(meters);
        this.refused = Counter.builder("switchboard.botframework.refused")
                .description("Activities answered 503 because max-in-flight were already in flight")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !MessagingEndpointBodyLimit.isMessagingEndpoint(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!inFlight.tryAcquire()) {
            refused.increment();
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Overloaded.RETRY_AFTER.toSeconds()));
            ApiError.write(json, response, request.getRequestURI(), HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
                    "busy: " + maxInFlight + " activities are already in flight on this node; nothing of this one "
                            + "was read or stored, send it again after " + Overloaded.RETRY_AFTER.toSeconds() + " s");
            return;
        }
        boolean releasedLater = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                // still on the thread that started the cycle: the listener is in place before it can end
                request.getAsyncContext().addListener(new ReleaseOnComplete());
                releasedLater = true;
            }
        } finally {
            if (!releasedLater) {
                inFlight.release();
            }
        }
    }

    int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    /** Gives the activity's place back when its answer is complete, whether it succeeded, failed or timed out. */
    private final class ReleaseOnComplete implements AsyncListener {

        private final AtomicBoolean released = new AtomicBoolean();

        @Override
        public void onComplete(AsyncEvent event) {
            if (released.compareAndSet(false, true)) {
                inFlight.release();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a new cycle of the same request: this listener is not carried over, so keep the place
            // until that cycle ends
            event.getAsyncContext().addListener(this);
        }
    }
}
