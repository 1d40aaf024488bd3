package dev.switchboard.desk.api;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.PathContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Bounds the desk API's writes that go through its group-commit lane (new cases and new
 * messages, {@link CasesController}) that are in progress at once; see {@link WriteAdmission}.
 * Runs after {@link ApiPathTolerance}, so it sees the paths the controller maps.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 4)
class DeskWriteAdmission extends WriteAdmission {

    private static final PathPattern NEW_CASE = PathPatternParser.defaultInstance.parse("/api/cases.json");
    private static final PathPattern NEW_MESSAGE =
            PathPatternParser.defaultInstance.parse("/api/cases/{reference}/messages.json");

    DeskWriteAdmission(@Value("${switchboard.group-commit.max-in-progress:64}") int maxInProgress,
            ObjectMapper json, MeterRegistry meters) {
        super("desk-api", maxInProgress, json, meters);
    }

    @Override
    protected boolean bounds(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        PathContainer path = PathContainer.parsePath(request.getRequestURI());
        return NEW_CASE.matches(path) || NEW_MESSAGE.matches(path);
    }
}
