package dev.switchboard.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.switchboard.desk.api.ApiError;
import dev.switchboard.desk.api.JsonErrorController;
import dev.switchboard.desk.staff.StaffRepository;

/**
 * Three doors (the bot API has its own, {@code BotApiSecurity}). The desk API ({@code /api/**}):
 * stateless HTTP Basic {@code staff_email:api_key} on every call, JSON errors. Channels and file
 * links ({@code /channels/**}, {@code /files/**}): open and stateless, their peers authenticated
 * in their own routes. The console (Hawtio, Jolokia, other actuator endpoints): admin staff only,
 * form login or Basic, with a cookie CSRF token that Hawtio echoes as {@code X-XSRF-TOKEN}.
 * Health stays open (details only for admins).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    static final String REALM = "Switchboard";

    /**
     * No security observations at all. {@code management.observations.enable.spring.security=false}
     * only makes them no-ops: every filter of every chain stays wrapped in an observing decorator,
     * which was about 1 % of the CPU of a bot round trip. With these settings the chain is not
     * decorated. The request's own observation ({@code http.server.requests}) stays.
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The chains' path strings ({@code securityMatcher}, {@code requestMatchers}) match as path
     * patterns against the request's path. Without this bean each is an MVC matcher, which asks
     * Spring MVC's handler mappings about the request (HandlerMappingIntrospector) once per pattern
     * per request: 4 % of the CPU of the API's requests in the benchmark, and under load their
     * threads queued on one lock of its pattern cache. The DispatcherServlet is mapped to {@code /},
     * so both read the same path.
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean pathPatterns() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    @Bean
    PasswordEncoder apiKeyEncoder() {
        return new ApiKeyEncoder();
    }

    /**
     * Staff log in with email and API key. The key is checked before the account's state, so a
     * wrong key never tells whether an account exists or is deactivated.
     */
    @Bean
    DaoAuthenticationProvider staffAuthentication(StaffRepository staff, PasswordEncoder encoder) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new StaffDetailsService(staff));
        provider.setPasswordEncoder(encoder);
        provider.setPreAuthenticationChecks(user -> { });
        provider.setPostAuthenticationChecks(user -> {
            if (!user.isEnabled()) {
                throw new DisabledException("deactivated");
            }
        });
        return provider;
    }

    /**
     * A request the firewall refuses — a method it does not know (FOO, TRACE), an encoded slash or
     * dot segment, a control character in a header — is a 400 with a JSON body, written here: the
     * container's error page would be refused by the same firewall and stay empty. On the
     * container's own error dispatch (Tomcat refuses TRACE with 405) that error stands.
     */
    @Bean
    RequestRejectedHandler requestRejected(ObjectMapper json) {
        return (request, response, e) -> {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            HttpStatus original = code instanceof Integer c ? HttpStatus.resolve(c) : null;
            Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            String path = uri instanceof String u ? u : request.getRequestURI();
            if (original != null && original.is4xxClientError()) {
                ApiError.write(json, response, path, original, JsonErrorController.code(original),
                        original.getReasonPhrase());
            } else {
                ApiError.write(json, response, path, HttpStatus.BAD_REQUEST, "bad_request", REJECTED);
            }
        };
    }

    /**
     * The strict firewall, but header values may carry obs-text (RFC 9110: bytes 0x80-0xFF, which
     * is what UTF-8 in a header looks like to Tomcat): a client's display name in a custom header
     * must not fail a request. Control characters (but tab) are still refused.
     */
    @Bean
    StrictHttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(SecurityConfig::fieldValue);
        return firewall;
    }

    static boolean fieldValue(String value) {
        return value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff));
    }

    /** What a refused request is told (never its own text back). */
    public static final String REJECTED = "the request was refused: its method, path or headers are not allowed";

    @Bean
    @Order(1)
    SecurityFilterChain deskApi(HttpSecurity http, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
            boolean disabled = e instanceof DisabledException;
            write(json, response, HttpStatus.UNAUTHORIZED, disabled ? "staff_not_active" : "unauthorized",
                    disabled ? "this staff member is deactivated"
                            : "authenticate with HTTP Basic: staff email as user, API key as password");
        };
        AccessDeniedHandler forbidden = (request, response, e) -> write(json, response, HttpStatus.FORBIDDEN,
                "staff_has_not_access", "this needs an administrator");
        return http
                .securityMatcher("/api/**")
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/openapi.json", "/api/openapi.json/**", "/api/docs", "/api/docs/**",
                                "/api/swagger-ui/**", "/api/swagger-ui.html")
                        .permitAll()
                        .anyRequest().authenticated())
                .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(unauthorized))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new CrossSiteRequestFilter(json), BasicAuthenticationFilter.class)
                .build();
    }

    /**
     * What channels call (Bot Framework activities, channel webhooks) and signed file links: open to
     * anyone, each checks its own credentials (a JWT, a signature, a signed link). Stateless and
     * without the console's CSRF cookie: a peer posting here has no use for a session or a token,
     * and making one for every request cost a random UUID and a Set-Cookie header each.
     */
    @Bean
    @Order(2)
    SecurityFilterChain machineEndpoints(HttpSecurity http) throws Exception {
        return http
                .securityMatcher("/channels/**", "/files/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain console(HttpSecurity http) throws Exception {
        CsrfTokenRequestAttributeHandler plainToken = new CsrfTokenRequestAttributeHandler();
        // the token is resolved from the header as the raw cookie value, which is what Hawtio sends
        plainToken.setCsrfRequestAttributeName(null);
        // Jolokia runs MBean operations on GET too: every Jolokia request needs the token
        RequestMatcher needsToken = new OrRequestMatcher(CsrfFilter.DEFAULT_CSRF_MATCHER,
                PathPatternRequestMatcher.withDefaults().matcher("/actuator/jolokia/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/actuator/hawtio/jolokia/**"));
        return http
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/swagger-ui/**", "/swagger-ui.html", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/", "/error", "/login", "/logout").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .anyRequest().denyAll())
                .formLogin(form -> form.defaultSuccessUrl("/actuator/hawtio/", false))
                .httpBasic(basic -> basic.realmName(REALM))
                .csrf(csrf -> csrf
                        .requireCsrfProtectionMatcher(needsToken)
                        .csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(plainToken))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .build();
    }

    /** The desk API's errors (the bot API has its own chain). */
    private static void write(ObjectMapper json, HttpServletResponse response, HttpStatus status, String code,
            String description) throws IOException {
        ApiError.write(json, response, "/api/", status, code, description);
    }

    /** Loads the deferred CSRF token so its cookie is sent with every console page. */
    private static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                FilterChain chain) throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }

}
