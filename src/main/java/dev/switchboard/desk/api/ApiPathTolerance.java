package dev.switchboard.desk.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Omnidesk accepts {@code /api/cases.json/} and {@code /api/groups/5}; real clients send both.
 * Desk API paths get a trailing slash removed and a missing {@code .json} added.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiPathTolerance extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") || path.startsWith("/api/docs") || path.startsWith("/api/swagger-ui")
                || path.startsWith("/api/openapi.json") || path.startsWith("/api/bot/")
                || (path.endsWith(".json") && !path.endsWith("/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String uri = request.getRequestURI();
        String fixed = uri;
        while (fixed.endsWith("/") && fixed.length() > 1) {
            fixed = fixed.substring(0, fixed.length() - 1);
        }
        if (!fixed.endsWith(".json")) {
            fixed = fixed + ".json";
        }
        String path = fixed;
        chain.doFilter(new HttpServletRequestWrapper(request) {
            @Override
            public String getRequestURI() {
                return path;
            }

            @Override
            public StringBuffer getRequestURL() {
                StringBuffer url = new StringBuffer(super.getRequestURL());
                url.setLength(url.length() - uri.length());
                return url.append(path);
            }

            @Override
            public String getServletPath() {
                return path;
            }
        }, response);
    }
}
