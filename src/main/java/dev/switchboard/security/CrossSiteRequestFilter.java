package dev.switchboard.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.switchboard.desk.api.ApiError;

/**
 * The desk API is for programs, not for pages of other sites: a browser that has Basic
 * credentials cached for Switchboard sends them on cross-site requests too, so a request the
 * browser marks {@code Sec-Fetch-Site: cross-site} or {@code same-site} is refused. Programs send
 * no such header; Switchboard's own pages (Swagger UI) are same-origin.
 */
class CrossSiteRequestFilter extends OncePerRequestFilter {

    private final ObjectMapper json;

    CrossSiteRequestFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String site = request.getHeader("Sec-Fetch-Site");
        if ("cross-site".equalsIgnoreCase(site) || "same-site".equalsIgnoreCase(site)) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), new ApiError("cross_site_request",
                    "the API does not answer requests made by other sites' pages"));
            return;
        }
        chain.doFilter(request, response);
    }
}
