package dev.switchboard.desk.api;

import java.io.IOException;
import java.util.concurrent.Semaphore;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.switchboard.platform.Overloaded;

/**
 * Holds the writes of one API that are in progress on this node, from their arrival to their
 * answer, to {@code switchboard.group-commit.max-in-progress}; the next is answered 503
 * {@code overloaded} with {@code Retry-After} at once, before it is authenticated and before its
 * body is read, and nothing of it is stored.
 * <p>
 * The group-commit lane behind these writes refuses callers beyond its own limit too, but only
 * once they reach it: authenticated (a database lookup), parsed and validated, each after waiting
 * its turn for an HTTP thread behind all the others. Offered far faster than the node stores (the
 * benchmark at 1,000 round trips/s), each such refusal took 2 ms of the node, and the writes it
 * accepted waited seconds for a thread; refused here, one takes 0.1 ms, so the node keeps its
 * threads and CPU for the writes it accepted and answers every request.
 * <p>
 * Each API has its own bound, so customers' messages offered beyond what the node stores never
 * keep a bot's answers, which finish conversations already under way, from getting in. The writes
 * it bounds are answered on the thread that took them (no asynchronous cycle), so a write is in
 * progress exactly while this filter runs. Runs after the observation filter, so refusals show in
 * {@code http.server.requests}. Metrics (tag {@code work}): {@code switchboard.api.in.progress},
 * {@code switchboard.api.refused}.
 */
public abstract class WriteAdmission extends OncePerRequestFilter {

    private final String work;
    private final int maxInProgress;
    private final Semaphore room;
    private final Counter refused;
    private final ObjectMapper json;

    /** {@code work}: the lane's name (e.g. "desk-api"), for the metrics and the refusal. */
    protected WriteAdmission(String work, int maxInProgress, ObjectMapper json, MeterRegistry meters) {
        if (maxInProgress < 1) {
            throw new IllegalArgumentException(
                    "switchboard.group-commit.max-in-progress lets at least one write in, not " + maxInProgress);
        }
        this.work = work;
        this.maxInProgress = maxInProgress;
        this.room = new Semaphore(maxInProgress);
        this.json = json;
        Gauge.builder("switchboard.api.in.progress", this, WriteAdmission::inProgress).tag("work", work)
                .description("Writes received and not yet answered").register(meters);
        this.refused = Counter.builder("switchboard.api.refused").tag("work", work)
                .description("Writes answered 503 because max-in-progress were already in progress").register(meters);
    }

    /** Whether {@code request} is one of the writes this bounds (method and path, after path tolerance). */
    protected abstract boolean bounds(HttpServletRequest request);

    @Override
    protected final boolean shouldNotFilter(HttpServletRequest request) {
        return !bounds(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!room.tryAcquire()) {
            refused.increment();
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Overloaded.RETRY_AFTER.toSeconds()));
            ApiError.write(json, response, request.getRequestURI(), HttpStatus.SERVICE_UNAVAILABLE, "overloaded",
                    "busy: " + maxInProgress + " requests like this one (" + work + ") are already in progress on "
                            + "this node; nothing of this one was read or stored, send it again after "
                            + Overloaded.RETRY_AFTER.toSeconds() + " s");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            room.release();
        }
    }

    /** Writes in progress now. */
    int inProgress() {
        return maxInProgress - room.availablePermits();
    }
}
