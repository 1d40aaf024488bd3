package dev.switchboard.security;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.switchboard.desk.api.ApiError;

/**
 * A path with dot segments ({@code /actuator/./jolokia}, {@code /api/../files}, also
 * percent-encoded) or empty ones ({@code /actuator//jolokia}) is refused with 400 before anything
 * maps it. Tomcat maps the normalised path while the request keeps the raw one, and code that
 * compares the two — Jolokia's servlet, for one — fails on it with a 500. No client of
 * Switchboard needs to send one (Spring Security's firewall refuses them on the API already).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class UnnormalizedPathFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    public UnnormalizedPathFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        if (path != null && (hasDotSegment(path) || path.contains("//"))) {
            ApiError.write(json, response, path, HttpStatus.BAD_REQUEST, "bad_request", SecurityConfig.REJECTED);
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean hasDotSegment(String rawPath) {
        String path = rawPath.toLowerCase(Locale.ROOT).replace("%2e", ".");
        for (String segment : path.split("/", -1)) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (name.equals(".") || name.equals("..")) {
                return true;
            }
        }
        return false;
    }
}
