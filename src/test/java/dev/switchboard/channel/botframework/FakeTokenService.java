package dev.switchboard.channel.botframework;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Azure AD's v2 token endpoint for the client-credentials grant the bot uses to call the
 * Connector: {@code POST /{tenant}/oauth2/v2.0/token}, form-encoded. Answers the documented
 * success body or an AAD-style error ({@code error}, {@code error_description} with an AADSTS
 * code, {@code error_codes}, ...). Remembers the tokens it issued until they expire or are revoked.
 */
final class FakeTokenService {

    static final String BOT_FRAMEWORK_TENANT_ID = "d6d49420-f39b-4df7-a1dc-d59a935871db";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final ObjectMapper json;
    private final String appId;
    private final String password;
    private volatile String tenant;
    private volatile int lifetimeSeconds = 3600;
    private final Map<String, Instant> valid = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger issued = new AtomicInteger();

    FakeTokenService(ObjectMapper json, String appId, String password) {
        this.json = json;
        this.appId = appId;
        this.password = password;
    }

    Answer handle(String method, String tenantSegment, String contentType, String body) {
        requests.incrementAndGet();
        if (!"POST".equals(method)) {
            return aad(405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
        }
        if (!tenantSegment.equals(FakeBotConnector.DEFAULT_TENANT) && !tenantSegment.equals(tenant)) {
            return aad(400, "invalid_request", 90002, "Tenant '" + tenantSegment + "' not found.");
        }
        Map<String, String> form = contentType != null && contentType.startsWith("application/x-www-form-urlencoded")
                ? form(body) : Map.of();
        String grant = form.get("grant_type");
        if (grant == null) {
            return missing("grant_type");
        }
        if (!grant.equals("client_credentials")) {
            return aad(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type '" + grant + "'.");
        }
        String clientId = form.get("client_id");
        if (clientId == null) {
            return missing("client_id");
        }
        if (!clientId.equals(appId)) {
            return aad(400, "unauthorized_client", 700016,
                    "Application with identifier '" + clientId + "' was not found in the directory '" + tenantSegment + "'.");
        }
        String secret = form.get("client_secret");
        if (secret == null) {
            return aad(401, "invalid_client", 7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }
        if (!secret.equals(password)) {
            return aad(401, "invalid_client", 7000215, "Invalid client secret provided.");
        }
        String scope = form.get("scope");
        if (scope == null) {
            return missing("scope");
        }
        if (!scope.equals(FakeBotConnector.SCOPE)) {
            return aad(400, "invalid_scope", 70011, "The provided value for the input parameter 'scope' is not valid.");
        }
        int lifetime = lifetimeSeconds;
        String token = accessToken(lifetime);
        valid.put(token, Instant.now().plusSeconds(lifetime));
        issued.incrementAndGet();
        return ok(Map.of("token_type", "Bearer", "expires_in", lifetime, "ext_expires_in", lifetime, "access_token", token));
    }

    /** Whether an {@code Authorization} header carries a token issued here, unexpired and not revoked. */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        Instant expiry = valid.get(authorization.substring("Bearer ".length()));
        return expiry != null && Instant.now().isBefore(expiry);
    }

    void revokeAll() {
        valid.clear();
    }

    void tenant(String tenantId) {
        tenant = tenantId;
    }

    void lifetime(int seconds) {
        lifetimeSeconds = seconds;
    }

    int requests() {
        return requests.get();
    }

    int issued() {
        return issued.get();
    }

    /** Shaped like an AAD v1 access token (header.payload.signature); the bot must treat it as opaque. */
    private String accessToken(int lifetime) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = Map.of("aud", FakeBotConnector.ISSUER, "iss", FakeBotConnector.AAD_ISSUER,
                "iat", now, "nbf", now, "exp", now + lifetime, "appid", appId, "tid", BOT_FRAMEWORK_TENANT_ID,
                "ver", "1.0", "jti", UUID.randomUUID().toString());
        byte[] signature = new byte[64];
        RANDOM.nextBytes(signature);
        return B64.encodeToString(text(Map.of("typ", "JWT", "alg", "RS256", "kid", "fake-aad-key")).getBytes())
                + "." + B64.encodeToString(text(claims).getBytes(StandardCharsets.UTF_8))
                + "." + B64.encodeToString(signature);
    }

    private Answer missing(String parameter) {
        return aad(400, "invalid_request", 900144,
                "The request body must contain the following parameter: '" + parameter + "'.");
    }

    private Answer aad(int status, String error, int code, String description) {
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        String timestamp = Instant.now().toString();
        Map<String, Object> body = new HashMap<>();
        body.put("error", error);
        body.put("error_description", "AADSTS" + code + ": " + description + " Trace ID: " + traceId
                + " Correlation ID: " + correlationId + " Timestamp: " + timestamp);
        body.put("error_codes", new int[] {code});
        body.put("timestamp", timestamp);
        body.put("trace_id", traceId);
        body.put("correlation_id", correlationId);
        body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        return new Answer(status, Map.of("Content-Type", "application/json; charset=utf-8"), text(body));
    }

    private Answer ok(Map<String, Object> body) {
        return new Answer(200, Map.of("Content-Type", "application/json; charset=utf-8", "Cache-Control", "no-store, no-cache"),
                text(body));
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(name, value);
        }
        return form;
    }
}
