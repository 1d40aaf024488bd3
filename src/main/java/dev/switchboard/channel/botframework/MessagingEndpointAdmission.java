package dev.switchboard.channel.botframework;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.switchboard.desk.api.ApiError;
import dev.switchboard.platform.Overloaded;

/**
 * Holds the bodies of the activities in flight on this node's messaging endpoints to
 * {@code switchboard.botframework.max-in-flight-size}; an activity that would go beyond it is
 * answered 503 {@code overloaded} with {@code Retry-After} at once, before its body is read, and
 * nothing of it is stored. Platform-http hands each request to a thread pool whose queue has no
 * end, and the servlet thread that took it is free for the next at once: with the broker stuck, or
 * activities offered faster than the node takes them, bodies of up to max-body-size each would
 * pile up in that queue until the heap ran out. The bound is on their size, not their number:
 * refusing is not free (in the benchmark a refusal cost a fifth to a third of an accepted
 * activity's CPU, and its sender came back at once), so activities of ordinary size are never
 * refused before Tomcat's own connection limit holds the rest back at no cost. An activity is in
 * flight from its arrival until its answer is complete (the end of its asynchronous cycle) and
 * counts as its Content-Length (max-body-size when it has none), in whole KB. Runs after the
 * observation filter, so refusals show in {@code http.server.requests}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class MessagingEndpointAdmission extends OncePerRequestFilter {

    private final DataSize maxInFlightSize;
    private final int maxBodyKb;
    /** Permits are KB of body. */
    private final Semaphore room;
    private final int roomKb;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter refused;
    private final ObjectMapper json;

    MessagingEndpointAdmission(BotFrameworkProperties properties, ObjectMapper json, MeterRegistry meters) {
        this.maxInFlightSize = properties.maxInFlightSize();
        this.maxBodyKb = kb(properties.maxBodySize().toBytes());
        if (maxInFlightSize.toBytes() < properties.maxBodySize().toBytes()) {
            throw new IllegalArgumentException("switchboard.botframework.max-in-flight-size (" + maxInFlightSize
                    + ") must hold at least one activity of max-body-size (" + properties.maxBodySize() + ")");
        }
        this.roomKb = Math.toIntExact(maxInFlightSize.toKilobytes());
        this.room = new Semaphore(roomKb);
        this.json = json;
        Gauge.builder("switchboard.botframework.in.flight", inFlight, AtomicInteger::get)
                .description("Activities received by the messaging endpoints and not yet answered").register(meters);
        Gauge.builder("switchboard.botframework.in.flight.size", this, admission -> admission.inFlightKb() * 1024.0)
                .baseUnit("bytes").description("Their bodies, in whole KB each").register(meters);
        this.refused = Counter.builder("switchboard.botframework.refused")
                .description("Activities answered 503 because max-in-flight-size was held by others")
                .register(meters);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !MessagingEndpointBodyLimit.isMessagingEndpoint(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        // a body larger than max-body-size is refused (413) by the next filter without being read
        int size = length < 0 ? maxBodyKb : Math.min(kb(length), maxBodyKb);
        if (!room.tryAcquire(size)) {
            refused.increment();
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Overloaded.RETRY_AFTER.toSeconds()));
            ApiError.write(json, response, request.getRequestURI(), HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
                    "busy: activities of " + describe(maxInFlightSize) + " in all are already in flight on this "
                            + "node; nothing of this one was read or stored, send it again after "
                            + Overloaded.RETRY_AFTER.toSeconds() + " s");
            return;
        }
        inFlight.incrementAndGet();
        boolean releasedLater = false;
        try {
            chain.doFilter(request, response);
            if (request.isAsyncStarted()) {
                // still on the thread that started the cycle: the listener is in place before it can end
                request.getAsyncContext().addListener(new ReleaseOnComplete(size));
                releasedLater = true;
            }
        } finally {
            if (!releasedLater) {
                release(size);
            }
        }
    }

    /** KB of body held by the activities in flight. */
    int inFlightKb() {
        return roomKb - room.availablePermits();
    }

    private void release(int size) {
        inFlight.decrementAndGet();
        room.release(size);
    }

    private static String describe(DataSize size) {
        return size.toBytes() % (1024 * 1024) == 0 ? size.toMegabytes() + " MB" : size.toKilobytes() + " KB";
    }

    private static int kb(long bytes) {
        return Math.toIntExact(Math.max(1, (bytes + 1023) / 1024));
    }

    /** Gives the activity's room back when its answer is complete, whether it succeeded, failed or timed out. */
    private final class ReleaseOnComplete implements AsyncListener {

        private final int size;
        private final AtomicBoolean released = new AtomicBoolean();

        ReleaseOnComplete(int size) {
            this.size = size;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            if (released.compareAndSet(false, true)) {
                release(size);
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
            // a new cycle of the same request: this listener is not carried over, so keep the room
            // until that cycle ends
            event.getAsyncContext().addListener(this);
        }
    }
}
