package dev.switchboard.platform;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.async.WebAsyncManager;
import org.springframework.web.context.request.async.WebAsyncUtils;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Ends the second pass of a Camel {@code platform-http} request once its route has answered.
 * Spring Boot's platform-http hands each request to a route asynchronously: the route runs on
 * another thread and writes the whole response, and then the servlet container dispatches the
 * request again so that Spring MVC can finish it. That dispatch went through the security filter
 * chain, the handler lookup and MVC's return value handling once more, to write nothing: on the
 * Bot Framework messaging endpoint it took more CPU than the request's first pass (a JFR profile of
 * Bot Framework ingestion: 11.5 % of Switchboard's samples against 8.6 %). Here, after the
 * observation filter (so {@code http.server.requests} still records the request), a dispatch whose
 * route has committed its answer returns at once and the container completes the request. A route
 * that failed without answering is left to MVC, which turns the failure into an error response.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
public class PlatformHttpAsyncDispatch extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getDispatcherType() != DispatcherType.ASYNC;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!answeredByRoute(request, response)) {
            chain.doFilter(request, response);
        }
    }

    private static boolean answeredByRoute(HttpServletRequest request, HttpServletResponse response) {
        if (!response.isCommitted()
                || !(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod handler)
                || !(handler.getBean() instanceof PlatformHttpConsumer)) {
            return false;
        }
        WebAsyncManager async = WebAsyncUtils.getAsyncManager(request);
        return async.hasConcurrentResult() && !(async.getConcurrentResult() instanceof Throwable);
    }
}
