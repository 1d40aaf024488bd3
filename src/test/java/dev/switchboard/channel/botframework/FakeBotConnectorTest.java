package dev.switchboard.channel.botframework;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.sun.net.httpserver.HttpServer;

import dev.switchboard.channel.botframework.RecordedRequest.Kind;

/** Proves the fake plays Microsoft's side right, against a validator built the way a bot's would be. */
class FakeBotConnectorTest {

    static final String APP_ID = "8c7f2b1e-4d3a-4e6f-9b0c-1a2b3c4d5e6f";
    static final String PASSWORD = "s3cr3t~pass.word";
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String> FIXTURES = List.of("message-skype", "message-skype-group-mention", "message-skype-image",
            "message-webchat", "conversation-update-bot-added", "contact-relation-update-add", "typing");

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    FakeBotConnector bf;

    @BeforeEach
    void start() {
        bf = FakeBotConnector.start(APP_ID, PASSWORD);
    }

    @AfterEach
    void stop() {
        bf.close();
    }

    @Test
    void metadataNamesTheJwksAndTheJwksCarriesEndorsedRsaKeys() throws Exception {
        JsonNode metadata = JSON.readTree(get(bf.openIdMetadataUrl(), null).body());
        assertThat(metadata.path("issuer").asText()).isEqualTo("https://api.botframework.com");
        assertThat(metadata.path("jwks_uri").asText()).isEqualTo(bf.jwksUrl());
        assertThat(metadata.path("id_token_signing_alg_values_supported").toString()).isEqualTo("[\"RS256\"]");

        JsonNode keys = JSON.readTree(get(bf.jwksUrl(), null).body()).path("keys");
        assertThat(keys.size()).isEqualTo(2);
        JsonNode current = keys.get(0);
        assertThat(current.path("kid").asText()).isEqualTo(bf.currentKid());
        assertThat(current.path("kty").asText()).isEqualTo("RSA");
        assertThat(current.path("use").asText()).isEqualTo("sig");
        assertThat(current.has("n") && current.has("e") && !current.has("d")).isTrue();
        assertThat(current.path("endorsements").toString()).contains("\"skype\"", "\"msteams\"", "\"webchat\"");
        assertThat(bf.jwksFetches()).isEqualTo(1);
    }

    @Test
    void everyTokenKnobIsAcceptedOrRejectedForItsOwnReason() throws Exception {
        ChannelTokenValidator validator = new ChannelTokenValidator(bf.openIdMetadataUrl(), APP_ID);
        ObjectNode activity = bf.fixture("message-skype");
        for (Auth auth : Auth.values()) {
            String rejection = validator.rejection(bf.authorization(activity, auth), activity);
            String expected = switch (auth) {
                case VALID, EXPIRED_WITHIN_SKEW, NOT_YET_VALID_WITHIN_SKEW -> null;
                case NO_HEADER -> "no Authorization header";
                case WRONG_SCHEME -> "scheme is not Bearer";
                case UNSIGNED -> "Unsecured (plain) JWTs are rejected";
                case BAD_SIGNATURE -> "Invalid signature";
                case UNKNOWN_KID -> "no matching key(s) found";
                case WRONG_ISSUER -> "JWT iss claim value rejected";
                case WRONG_AUDIENCE -> "JWT aud claim rejected";
                case EXPIRED -> "Expired JWT";
                case NOT_YET_VALID -> "JWT before use time";
                case SERVICE_URL_MISMATCH -> "serviceurl claim does not match";
                case SERVICE_URL_MISSING -> "JWT missing required claims: [serviceurl]";
                case CHANNEL_NOT_ENDORSED -> "channel skype not endorsed";
            };
            if (auth.acceptable()) {
                assertThat(rejection).as(auth.name()).isNull();
            } else {
                assertThat(rejection).as(auth.name()).contains(expected);
            }
        }
    }

    @Test
    void aRotatedKeyIsPublishedAndSignsFromThenOn() throws Exception {
        ChannelTokenValidator validator = new ChannelTokenValidator(bf.openIdMetadataUrl(), APP_ID);
        ObjectNode activity = bf.fixture("message-webchat");
        String before = bf.authorization(activity, Auth.VALID);
        assertThat(validator.rejection(before, activity)).isNull();
        assertThat(bf.jwksFetches()).isEqualTo(1);

        String oldKid = bf.currentKid();
        String newKid = bf.rotateKey();
        String after = bf.authorization(activity, Auth.VALID);
        assertThat(SignedJWT.parse(after.substring("Bearer ".length())).getHeader().getKeyID()).isEqualTo(newKid).isNotEqualTo(oldKid);
        assertThat(validator.rejection(after, activity)).isNull();
        assertThat(bf.jwksFetches()).as("unknown kid made the validator fetch the keys again").isEqualTo(2);
        assertThat(validator.rejection(before, activity)).as("the old key is still published").isNull();
    }

    @Test
    void sendPostsEachFixtureWithAValidTokenToTheMessagingEndpoint() throws Exception {
        AtomicReference<String> authorization = new AtomicReference<>();
        AtomicReference<String> body = new AtomicReference<>();
        HttpServer bot = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        bot.createContext("/api/messages", exchange -> {
            authorization.set(exchange.getRequestHeaders().getFirst("Authorization"));
            body.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(202, -1);
            exchange.close();
        });
        bot.start();
        try {
            ChannelTokenValidator validator = new ChannelTokenValidator(bf.openIdMetadataUrl(), APP_ID);
            String endpoint = "http://127.0.0.1:" + bot.getAddress().getPort() + "/api/messages";
            for (String name : FIXTURES) {
                ObjectNode activity = bf.fixture(name);
                assertThat(activity.path("serviceUrl").asText()).isEqualTo(bf.serviceUrl());
                assertThat(activity.toString()).doesNotContain("{{");
                assertThat(bf.send(endpoint, activity).status()).isEqualTo(202);
                assertThat(JSON.readTree(body.get())).isEqualTo(activity);
                assertThat(validator.rejection(authorization.get(), activity)).as(name).isNull();
            }
            ObjectNode built = bf.activity("message").group("19:abc@thread.skype", "Support")
                    .text("<at>Switchboard</at> hi").mention("28:" + APP_ID, "Switchboard", "<at>Switchboard</at>").build();
            assertThat(bf.send(endpoint, built, Auth.EXPIRED).status()).isEqualTo(202);
            assertThat(validator.rejection(authorization.get(), built)).contains("Expired JWT");
        } finally {
            bot.stop(0);
        }
    }

    @Test
    void theTokenEndpointIssuesTokensOnlyForTheBotsCredentials() throws Exception {
        HttpResponse<String> ok = token(bf.tokenUrl(), APP_ID, PASSWORD, FakeBotConnector.SCOPE);
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode issued = JSON.readTree(ok.body());
        assertThat(issued.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(issued.path("expires_in").asInt()).isEqualTo(3600);
        assertThat(issued.path("ext_expires_in").asInt()).isEqualTo(3600);
        assertThat(issued.path("access_token").asText()).isNotBlank();

        assertAadError(token(bf.tokenUrl(), APP_ID, "wrong", FakeBotConnector.SCOPE), 401, "invalid_client", "AADSTS7000215");
        assertAadError(token(bf.tokenUrl(), "someone-else", PASSWORD, FakeBotConnector.SCOPE), 400, "unauthorized_client", "AADSTS700016");
        assertAadError(token(bf.tokenUrl(), APP_ID, PASSWORD, "https://graph.microsoft.com/.default"), 400, "invalid_scope", "AADSTS70011");
        assertAadError(post(bf.tokenUrl(), "application/x-www-form-urlencoded", "grant_type=password&client_id=" + APP_ID, null),
                400, "unsupported_grant_type", "AADSTS70003");
        assertAadError(token(bf.tokenUrl("my-tenant"), APP_ID, PASSWORD, FakeBotConnector.SCOPE), 400, "invalid_request", "AADSTS90002");
        bf.tenant("my-tenant");
        bf.tokenLifetime(120);
        HttpResponse<String> singleTenant = token(bf.tokenUrl("my-tenant"), APP_ID, PASSWORD, FakeBotConnector.SCOPE);
        assertThat(JSON.readTree(singleTenant.body()).path("expires_in").asInt()).isEqualTo(120);
        assertThat(bf.tokenRequests()).isEqualTo(7);
        assertThat(bf.tokensIssued()).isEqualTo(2);
    }

    @Test
    void theConnectorRefusesMissingOrWrongTokensAndRecordsGoodCalls() throws Exception {
        String reply = bf.serviceUrl() + "v3/conversations/" + encode("19:abc@thread.skype") + "/activities/" + encode("K3v-eu|0000001");
        String activity = "{\"type\":\"message\",\"text\":\"Hi\",\"replyToId\":\"K3v-eu|0000001\"}";

        HttpResponse<String> none = post(reply, "application/json", activity, null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(none.body()).path("error").path("code").asText()).isEqualTo("Unauthorized");
        assertThat(post(reply, "application/json", activity, "Bearer not-a-token").statusCode()).isEqualTo(401);

        String token = "Bearer " + JSON.readTree(token(bf.tokenUrl(), APP_ID, PASSWORD, FakeBotConnector.SCOPE).body())
                .path("access_token").asText();
        HttpResponse<String> good = post(reply, "application/json; charset=utf-8", activity, token);
        assertThat(good.statusCode()).isEqualTo(201);
        assertThat(JSON.readTree(good.body()).path("id").asText()).isNotBlank();
        RecordedRequest recorded = bf.activities().get(bf.activities().size() - 1);
        assertThat(recorded.operation()).isEqualTo("replyToActivity");
        assertThat(recorded.conversationId()).isEqualTo("19:abc@thread.skype");
        assertThat(recorded.activityId()).isEqualTo("K3v-eu|0000001");
        assertThat(recorded.authorization()).isEqualTo(token);
        assertThat(recorded.json().path("text").asText()).isEqualTo("Hi");

        String send = bf.serviceUrl() + "v3/conversations/29:1xyz/activities";
        assertThat(post(send, "application/json", activity, token).statusCode()).isEqualTo(201);
        assertThat(bf.activities().get(bf.activities().size() - 1).conversationId()).isEqualTo("29:1xyz");
        assertThat(post(send, "text/plain", activity, token).statusCode()).isEqualTo(415);
        assertThat(post(bf.serviceUrl() + "/v3/conversations/29:1xyz/activities", "application/json", activity, token)
                .statusCode()).as("double slash is another path").isEqualTo(404);

        bf.revokeTokens();
        assertThat(post(send, "application/json", activity, token).statusCode()).isEqualTo(401);
        bf.tokenLifetime(0);
        String expired = "Bearer " + JSON.readTree(token(bf.tokenUrl(), APP_ID, PASSWORD, FakeBotConnector.SCOPE).body())
                .path("access_token").asText();
        assertThat(post(send, "application/json", activity, expired).statusCode()).isEqualTo(401);
    }

    @Test
    void programmedAnswersAttachmentsAndTokenlessFiles() throws Exception {
        String token = "Bearer " + JSON.readTree(token(bf.tokenUrl(), APP_ID, PASSWORD, FakeBotConnector.SCOPE).body())
                .path("access_token").asText();
        String send = bf.serviceUrl() + "v3/conversations/29:1xyz/activities";
        String activity = "{\"type\":\"message\",\"text\":\"Hi\"}";
        bf.failNext(2, Answer.status(429).retryAfter("1"));
        bf.enqueue(Answer.status(503));
        HttpResponse<String> throttled = post(send, "application/json", activity, token);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(JSON.readTree(throttled.body()).path("error").path("code").asText()).isEqualTo("TooManyRequests");
        assertThat(post(send, "application/json", activity, token).statusCode()).isEqualTo(429);
        assertThat(post(send, "application/json", activity, token).statusCode()).isEqualTo(503);
        assertThat(post(send, "application/json", activity, token).statusCode()).isEqualTo(201);

        String data = "{\"type\":\"image/png\",\"name\":\"pixel.png\",\"originalBase64\":\""
                + Base64.getEncoder().encodeToString(FakeBotConnector.PNG) + "\"}";
        HttpResponse<String> uploaded = post(bf.serviceUrl() + "v3/conversations/29:1xyz/attachments", "application/json", data, token);
        assertThat(uploaded.statusCode()).isEqualTo(201);
        String id = JSON.readTree(uploaded.body()).path("id").asText();
        assertThat(bf.attachment(id)).isEqualTo(FakeBotConnector.PNG);
        HttpResponse<byte[]> view = http.send(HttpRequest.newBuilder(URI.create(bf.attachmentUrl(id)))
                .header("Authorization", token).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(view.body()).isEqualTo(FakeBotConnector.PNG);
        assertThat(view.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(get(bf.attachmentUrl(FakeBotConnector.FIXTURE_ATTACHMENT_ID), null).statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(get(bf.serviceUrl() + "v3/attachments/" + id, token).body()).path("views").get(0)
                .path("viewId").asText()).isEqualTo("original");

        String file = bf.hostFile("report.pdf", "application/pdf", new byte[] {1, 2, 3});
        assertThat(URI.create(file).getHost()).isNotEqualTo(URI.create(bf.serviceUrl()).getHost());
        assertThat(get(file, null).statusCode()).isEqualTo(200);
        get(file, token);
        List<RecordedRequest> files = bf.requests().stream().filter(r -> r.kind() == Kind.FILE).toList();
        assertThat(files).extracting(RecordedRequest::hasAuthorization).containsExactly(false, true);

        bf.answerWith(request -> request.kind() == Kind.JWKS ? Answer.status(500) : null);
        assertThat(get(bf.jwksUrl(), null).statusCode()).isEqualTo(500);
    }

    private static void assertAadError(HttpResponse<String> response, int status, String error, String code) throws IOException {
        assertThat(response.statusCode()).isEqualTo(status);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asText()).isEqualTo(error);
        assertThat(body.path("error_description").asText()).startsWith(code + ":");
        assertThat(body.path("error_codes").get(0).asText()).isEqualTo(code.substring("AADSTS".length()));
    }

    private HttpResponse<String> token(String url, String clientId, String secret, String scope) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret)
                + "&scope=" + encode(scope);
        return post(url, "application/x-www-form-urlencoded", form, null);
    }

    private HttpResponse<String> post(String url, String contentType, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String url, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * Inbound validation as the Bot Framework specifies it, with nimbus the way a bot would use it:
     * keys from the JWKS named by the OpenID metadata, RS256/384/512, iss and aud exact, 5 minutes of
     * skew, then the serviceurl claim against the activity and the signing key's endorsements against
     * its channelId. nimbus drops the non-standard {@code endorsements} member, so the retriever that
     * fetches the JWKS also records them by kid.
     */
    static final class ChannelTokenValidator {
        private final Map<String, List<String>> endorsements = new ConcurrentHashMap<>();
        private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

        ChannelTokenValidator(String metadataUrl, String appId) throws Exception {
            JsonNode metadata = JSON.readTree(URI.create(metadataUrl).toURL());
            DefaultResourceRetriever http = new DefaultResourceRetriever(2000, 2000);
            ResourceRetriever recordingEndorsements = url -> {
                Resource resource = http.retrieveResource(url);
                for (JsonNode key : JSON.readTree(resource.getContent()).path("keys")) {
                    List<String> channels = new ArrayList<>();
                    key.path("endorsements").forEach(channel -> channels.add(channel.asText()));
                    endorsements.put(key.path("kid").asText(), channels);
                }
                return resource;
            };
            URL jwks = URI.create(metadata.path("jwks_uri").asText()).toURL();
            // not rate limited: a test rotates keys seconds after the first fetch
            JWKSource<SecurityContext> keys = JWKSourceBuilder.<SecurityContext>create(jwks, recordingEndorsements)
                    .rateLimited(false).build();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(
                    Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512), keys));
            DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(appId,
                    new JWTClaimsSet.Builder().issuer(metadata.path("issuer").asText()).build(),
                    Set.of("iss", "aud", "exp", "nbf", "serviceurl"));
            claims.setMaxClockSkew(5 * 60);
            processor.setJWTClaimsSetVerifier(claims);
        }

        /** Why the activity must be refused, or {@code null} when it is accepted. */
        String rejection(String authorization, JsonNode activity) {
            if (authorization == null) {
                return "no Authorization header";
            }
            if (!authorization.startsWith("Bearer ")) {
                return "scheme is not Bearer";
            }
            String token = authorization.substring("Bearer ".length());
            try {
                JWTClaimsSet claims = processor.process(token, null);
                if (!activity.path("serviceUrl").asText().equals(claims.getStringClaim("serviceurl"))) {
                    return "serviceurl claim does not match the activity's serviceUrl";
                }
                String channel = activity.path("channelId").asText();
                List<String> endorsed = endorsements.getOrDefault(SignedJWT.parse(token).getHeader().getKeyID(), List.of());
                if (!endorsed.isEmpty() && !channel.isEmpty() && !endorsed.contains(channel)) {
                    return "channel " + channel + " not endorsed by the signing key";
                }
                return null;
            } catch (ParseException | BadJOSEException | JOSEException e) {
                return e.getMessage();
            }
        }
    }
}
