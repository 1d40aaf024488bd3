package dev.switchboard.bot;

import dev.switchboard.desk.api.ApiError;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The bot API door ({@code /api/bot/**}): {@code Authorization: Token <bot token>} on every call,
 * as Webim's External Bot API 2.0 has it; errors as {@code {"error","desc"}}. Ahead of the desk
 * API's chain, which would ask for staff Basic credentials.
 */
@Configuration(proxyBeanMethods = false)
class BotApiSecurity {

    static final String PATHS = "/api/bot/**";

    @Bean
    @Order(0)
    SecurityFilterChain botApi(HttpSecurity http, BotRepository bots, ObjectMapper json) throws Exception {
        return http
                .securityMatcher(PATHS)
                .authorizeHttpRequests(a -> a.anyRequest().hasRole("BOT"))
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> refuse(json, response,
                                HttpStatus.UNAUTHORIZED, "unauthorized", "send Authorization: Token <bot token>"))
                        .accessDeniedHandler((request, response, ex) -> refuse(json, response,
                                HttpStatus.FORBIDDEN, "forbidden", "this needs a bot token")))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new TokenFilter(bots), AnonymousAuthenticationFilter.class)
                .build();
    }

    static void refuse(ObjectMapper json, HttpServletResponse response, HttpStatus status, String error, String desc)
            throws IOException {
        ApiError.write(json, response, ApiError.BOT_API, status, error, desc);
    }

    /** Finds the bot by its token's hash; a bot that calls is evidently reachable again. */
    private static final class TokenFilter extends OncePerRequestFilter {

        private static final String SCHEME = "Token ";
        private final BotRepository bots;

        TokenFilter(BotRepository bots) {
            this.bots = bots;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            Optional<Bot> bot = header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                    && header.length() > SCHEME.length()
                    ? bots.findByTokenHash(BotTokens.hash(header.substring(SCHEME.length()).strip()))
                    : Optional.empty();
            if (bot.isPresent()) {
                if (bot.get().unreachableSince() != null) {
                    bots.markReachable(bot.get().id());
                }
                SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                        new BotPrincipal(bot.get()), null, List.of(new SimpleGrantedAuthority("ROLE_BOT"))));
            }
            chain.doFilter(request, response);
        }
    }
}
