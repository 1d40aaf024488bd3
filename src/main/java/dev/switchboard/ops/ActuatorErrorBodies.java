package dev.switchboard.ops;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.switchboard.desk.api.ApiError;
import dev.switchboard.desk.api.JsonErrorController;

/**
 * Actuator endpoints answer some errors with a status and no body (a metric that does not exist:
 * 404, a bad selector: 400). Those get the JSON error every other endpoint gives. Hawtio and
 * Jolokia answer for themselves and are left alone.
 */
@Component
public class ActuatorErrorBodies extends OncePerRequestFilter {

    private final ObjectMapper json;

    public ActuatorErrorBodies(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path == null || !path.startsWith("/actuator/") || path.startsWith("/actuator/hawtio")
                || path.startsWith("/actuator/jolokia");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BodyWatch watch = new BodyWatch(response);
        chain.doFilter(request, watch);
        HttpStatus status = HttpStatus.resolve(response.getStatus());
        if (status != null && status.isError() && !watch.bodyStarted && !response.isCommitted()) {
            ApiError.write(json, response, request.getRequestURI(), status, JsonErrorController.code(status),
                    status.getReasonPhrase());
        }
    }

    /** Notes whether the endpoint began a body of its own. */
    private static final class BodyWatch extends HttpServletResponseWrapper {

        private boolean bodyStarted;

        BodyWatch(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            bodyStarted = true;
            return super.getOutputStream();
        }

        @Override
        public PrintWriter getWriter() throws IOException {
            bodyStarted = true;
            return super.getWriter();
        }
    }
}
