package dev.switchboard.desk.api;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A body's Content-Type must name one type: {@code * / *} or {@code application/*} are refused
 * with 415, as other types the API does not read are. Spring MVC would fail on them with a 500
 * (a wildcard cannot be a Content-Type); types that do not parse it refuses itself.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 5)
public class WildcardContentTypeFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    public WildcardContentTypeFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return request.getContentType() == null || path == null
                || !(path.startsWith("/api/") || path.startsWith("/files/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        MediaType type;
        try {
            type = MediaType.parseMediaType(request.getContentType());
        } catch (InvalidMediaTypeException unparseable) {
            chain.doFilter(request, response);
            return;
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            ApiError.write(json, response, request.getRequestURI(), HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type", "a Content-Type names one type: send application/json (or form "
                            + "fields, application/x-www-form-urlencoded)");
            return;
        }
        chain.doFilter(request, response);
    }
}
