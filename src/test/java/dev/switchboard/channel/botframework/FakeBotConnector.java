package dev.switchboard.channel.botframework;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.switchboard.channel.botframework.RecordedRequest.Kind;

/**
 * Microsoft's side of the Bot Framework in one local HTTP server on 127.0.0.1, for testing a bot:
 * <ul>
 * <li>OpenID metadata ({@link #openIdMetadataUrl()}) and the JWKS it names, RSA keys with
 * {@code endorsements}; {@link #rotateKey()}, {@link #jwksFetches()};</li>
 * <li>the channel: {@link #send} signs an Activity (JWT in {@code Authorization}) and POSTs it to
 * the bot's messaging endpoint, validly or broken in one way ({@link Auth});</li>
 * <li>Azure AD's token endpoint ({@link #tokenUrl()}), client credentials against the app id and
 * password; {@link #tokenLifetime}, {@link #revokeTokens()}, {@link #tokenRequests()};</li>
 * <li>the Connector REST API under {@link #serviceUrl()}: reply, send, create conversation,
 * attachment upload/info/download, each requiring a token from the token endpoint; every request
 * recorded ({@link #requests()}); answers programmable ({@link #failNext}, {@link #answerWith});</li>
 * <li>plain files that need no token ({@link #hostFile}), on host {@code localhost}.</li>
 * </ul>
 */
public final class FakeBotConnector implements AutoCloseable {

    static {
        // before the first HttpServer of the JVM: without it, Nagle + delayed ACK cost ~40 ms per exchange
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** {@code iss} of the channel's tokens and the metadata's issuer (public cloud). */
    public static final String ISSUER = "https://api.botframework.com";
    /** The scope a bot asks the token endpoint for. */
    public static final String SCOPE = "https://api.botframework.com/.default";
    /** The tenant segment of the multi-tenant token endpoint. */
    public static final String DEFAULT_TENANT = "botframework.com";
    /** Id of an attachment the fake serves from the start (a 1x1 PNG), used by the image fixture. */
    public static final String FIXTURE_ATTACHMENT_ID = "0-weu-d1-fixtureimage";
    /** Default endorsements of the signing keys. */
    public static final List<String> ENDORSEMENTS = List.of("skype", "msteams", "webchat", "directline", "emulator");

    static final String AAD_ISSUER = "https://sts.windows.net/" + FakeTokenService.BOT_FRAMEWORK_TENANT_ID + "/";
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONNECTOR = "/connector/";

    /** The bot's answer to {@link #send}. */
    public record Delivery(int status, String body) {}

    private record File(String type, byte[] content) {}

    private final String appId;
    private final String password;
    private final FakeKeys keys = new FakeKeys(ENDORSEMENTS);
    private final FakeTokenService tokens;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(8, runnable -> {
        Thread thread = new Thread(runnable, "fake-bot-connector");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, Answer> answerer = request -> null;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicInteger metadataFetches = new AtomicInteger();
    private final FakeConnectorApi connector;
    private final Map<String, File> files = new ConcurrentHashMap<>();

    private FakeBotConnector(String appId, String password) {
        this.appId = appId;
        this.password = password;
        tokens = new FakeTokenService(JSON, appId, password);
        connector = new FakeConnectorApi(tokens, this::serviceUrl);
        connector.put(FIXTURE_ATTACHMENT_ID, "photo.png", "image/png", PNG, PNG);
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts the fake for a bot registered with this Microsoft App ID and password. */
    public static FakeBotConnector start(String appId, String password) {
        return new FakeBotConnector(appId, password);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    // ---- addresses and identities ---------------------------------------------------------------

    public String appId() {
        return appId;
    }

    public String password() {
        return password;
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The serviceUrl of every activity the fake sends, with its trailing slash (as real ones have). */
    public String serviceUrl() {
        return baseUrl() + CONNECTOR;
    }

    public String openIdMetadataUrl() {
        return baseUrl() + "/v1/.well-known/openidconfiguration";
    }

    public String jwksUrl() {
        return baseUrl() + "/v1/.well-known/keys";
    }

    /** Plays {@code https://login.microsoftonline.com/}: append {@code <tenant>/oauth2/v2.0/token}. */
    public String loginUrlPrefix() {
        return baseUrl() + "/";
    }

    public String tokenUrl() {
        return tokenUrl(DEFAULT_TENANT);
    }

    public String tokenUrl(String tenant) {
        return loginUrlPrefix() + tenant + "/oauth2/v2.0/token";
    }

    // ---- keys -----------------------------------------------------------------------------------

    /** Publishes a new key and signs with it from now on (older keys stay published); returns its kid. */
    public String rotateKey() {
        return keys.rotate();
    }

    public String currentKid() {
        return keys.currentKid();
    }

    /** The channels the (non-narrow) keys endorse from now on. */
    public void endorsements(String... channelIds) {
        keys.endorsements(List.of(channelIds));
    }

    public int jwksFetches() {
        return jwksFetches.get();
    }

    public int openIdMetadataFetches() {
        return metadataFetches.get();
    }

    // ---- token endpoint -------------------------------------------------------------------------

    /** Also accept this tenant id on the token path (a single-tenant bot), besides botframework.com. */
    public void tenant(String tenantId) {
        tokens.tenant(tenantId);
    }

    /** {@code expires_in} of the tokens issued from now on (seconds); they stop working after it. */
    public void tokenLifetime(int seconds) {
        tokens.lifetime(seconds);
    }

    /** Invalidates every token issued so far: the Connector answers 401 until the bot gets a new one. */
    public void revokeTokens() {
        tokens.revokeAll();
    }

    /** Requests to the token endpoint, refused ones included. */
    public int tokenRequests() {
        return tokens.requests();
    }

    public int tokensIssued() {
        return tokens.issued();
    }

    // ---- activities: fixtures, builder, sending -------------------------------------------------

    /** A new activity of this type (see {@link ActivityBuilder} for the defaults). */
    public ActivityBuilder activity(String type) {
        return new ActivityBuilder(JSON, type, serviceUrl(), appId);
    }

    /**
     * A fixture from {@code src/test/resources/botframework/<name>.json} with its placeholders filled:
     * {@code {{serviceUrl}}}, {@code {{appId}}}, {@code {{attachmentUrl}}} (the fixture image).
     */
    public ObjectNode fixture(String name) {
        try (InputStream in = FakeBotConnector.class.getResourceAsStream("/botframework/" + name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{serviceUrl}}", serviceUrl())
                    .replace("{{appId}}", appId)
                    .replace("{{attachmentUrl}}", attachmentUrl(FIXTURE_ATTACHMENT_ID));
            return (ObjectNode) JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code Authorization} header value the channel would send with this activity ({@code null}: none). */
    public String authorization(ObjectNode activity, Auth auth) {
        if (auth == Auth.NO_HEADER) {
            return null;
        }
        if (auth == Auth.CHANNEL_NOT_ENDORSED && FakeKeys.NARROW_ENDORSEMENT.equals(activity.path("channelId").asText())) {
            throw new IllegalArgumentException("CHANNEL_NOT_ENDORSED needs a channelId other than " + FakeKeys.NARROW_ENDORSEMENT);
        }
        String jwt = keys.sign(claims(activity, auth).build(), auth);
        return (auth == Auth.WRONG_SCHEME ? "Basic " : "Bearer ") + jwt;
    }

    /** POSTs the activity to the bot's messaging endpoint with a valid token. */
    public Delivery send(String endpoint, ObjectNode activity) {
        return send(endpoint, activity, Auth.VALID);
    }

    public Delivery send(String endpoint, ObjectNode activity, Auth auth) {
        return post(endpoint, activity, authorization(activity, auth));
    }

    /** POSTs with a token whose claims {@code edit} changes (starting from the valid ones); signed with the current key. */
    public Delivery send(String endpoint, ObjectNode activity, UnaryOperator<JWTClaimsSet.Builder> edit) {
        return post(endpoint, activity, "Bearer " + keys.sign(edit.apply(claims(activity, Auth.VALID)).build(), Auth.VALID));
    }

    private JWTClaimsSet.Builder claims(ObjectNode activity, Auth auth) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = switch (auth) {
            case EXPIRED -> now.minus(Duration.ofMinutes(70));
            case EXPIRED_WITHIN_SKEW -> now.minus(Duration.ofMinutes(63));
            case NOT_YET_VALID -> now.plus(Duration.ofMinutes(10));
            case NOT_YET_VALID_WITHIN_SKEW -> now.plus(Duration.ofMinutes(3));
            default -> now;
        };
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(auth == Auth.WRONG_ISSUER ? AAD_ISSUER : ISSUER)
                .audience(auth == Auth.WRONG_AUDIENCE ? "0d7c1c2e-3b4a-4f5e-9a8b-000000000bad" : appId)
                .notBeforeTime(Date.from(notBefore))
                .issueTime(Date.from(notBefore))
                .expirationTime(Date.from(notBefore.plus(Duration.ofHours(1))));
        JsonNode serviceUrl = activity.get("serviceUrl");
        if (auth == Auth.SERVICE_URL_MISMATCH) {
            claims.claim("serviceurl", "https://smba.evil.example.com/apis/");
        } else if (auth != Auth.SERVICE_URL_MISSING && serviceUrl != null) {
            claims.claim("serviceurl", serviceUrl.asText());
        }
        return claims;
    }

    private Delivery post(String endpoint, ObjectNode activity, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "Microsoft-BotFramework/3.1 (FakeBotConnector)")
                .POST(HttpRequest.BodyPublishers.ofString(activity.toString()));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Delivery(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // ---- Connector answers, recording, files ----------------------------------------------------

    /** The next {@code n} authorized Connector calls get this answer instead of being served. */
    public void failNext(int n, Answer answer) {
        connector.enqueue(Collections.nCopies(n, answer));
    }

    /** The next authorized Connector calls get these answers, in order. */
    public void enqueue(Answer... answers) {
        connector.enqueue(List.of(answers));
    }

    /**
     * Decides answers for any request (metadata, JWKS, token, Connector, files) before the fake
     * serves it; return {@code null} to let the fake serve it normally. Applies before the token check.
     */
    public void answerWith(Function<RecordedRequest, Answer> decide) {
        answerer = decide == null ? request -> null : decide;
    }

    /** Every request so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> connectorRequests() {
        return requests.stream().filter(r -> r.kind() == Kind.CONNECTOR).toList();
    }

    /** Replies and sends (POSTed activities), answered any status. */
    public List<RecordedRequest> activities() {
        return requests.stream().filter(RecordedRequest::isActivity).toList();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Stores an attachment as if a user had sent it; returns its id (see {@link #attachmentUrl}). */
    public String putAttachment(String name, String contentType, byte[] content) {
        return connector.put(null, name, contentType, content, null);
    }

    /** The {@code contentUrl} of an attachment on the Connector (downloading it needs the bearer token). */
    public String attachmentUrl(String id) {
        return serviceUrl() + "v3/attachments/" + id + "/views/original";
    }

    /** The bytes of an attachment (uploaded by the bot or put by the test), or {@code null}. */
    public byte[] attachment(String id) {
        return connector.original(id);
    }

    /** Serves a file that needs no token, at {@code http://localhost:<port>/files/<name>} (another host than serviceUrl's). */
    public String hostFile(String name, String contentType, byte[] content) {
        files.put(name, new File(contentType, content));
        return "http://localhost:" + server.getAddress().getPort() + "/files/" + name;
    }

    // ---- the server -----------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        Instant receivedAt = Instant.now();
        try {
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            String contentType = headers.containsKey("Content-Type") ? headers.get("Content-Type").get(0) : null;
            JsonNode json = contentType != null && contentType.contains("json") ? parse(body) : null;
            String[] segments = rawPath.split("/", -1);
            boolean token = segments.length == 5 && !segments[1].isEmpty()
                    && rawPath.endsWith("/oauth2/v2.0/token") && !rawPath.startsWith(CONNECTOR);
            Kind kind = rawPath.equals("/v1/.well-known/openidconfiguration") ? Kind.OPENID_METADATA
                    : rawPath.equals("/v1/.well-known/keys") ? Kind.JWKS
                    : rawPath.startsWith(CONNECTOR) ? Kind.CONNECTOR
                    : rawPath.startsWith("/files/") ? Kind.FILE
                    : token ? Kind.TOKEN : Kind.UNKNOWN;
            FakeConnectorApi.Route route = kind == Kind.CONNECTOR
                    ? FakeConnectorApi.route(method, rawPath.substring(CONNECTOR.length()))
                    : new FakeConnectorApi.Route(null, null, null, null);
            RecordedRequest request = new RecordedRequest(kind, route.operation(), method, rawPath,
                    route.conversationId(), route.activityId(), headers, body, json, 0, receivedAt);
            Answer programmed = answerer.apply(request);
            Reply reply = programmed != null ? Reply.of(programmed) : switch (kind) {
                case OPENID_METADATA -> metadata();
                case JWKS -> jwks();
                case TOKEN -> Reply.of(tokens.handle(method, decode(segments[1]), contentType, body));
                case CONNECTOR -> connector.serve(request, route);
                case FILE -> file(decode(rawPath.substring("/files/".length())));
                case UNKNOWN -> Reply.error(404, "No such path on the fake: " + rawPath);
            };
            requests.add(request.answered(reply.status()));
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(reply.status(), reply.body().length == 0 ? -1 : reply.body().length);
            if (reply.body().length > 0) {
                exchange.getResponseBody().write(reply.body());
            }
        } catch (IllegalArgumentException e) {
            byte[] message = Reply.error(400, String.valueOf(e.getMessage())).body();
            exchange.sendResponseHeaders(400, message.length);
            exchange.getResponseBody().write(message);
        } catch (RuntimeException e) {
            byte[] message = String.valueOf(e).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, message.length);
            exchange.getResponseBody().write(message);
        } finally {
            exchange.close();
        }
    }

    private Reply metadata() {
        metadataFetches.incrementAndGet();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", ISSUER);
        doc.put("authorization_endpoint", "https://invalid.botframework.com");
        doc.put("jwks_uri", jwksUrl());
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        doc.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        return Reply.json(200, doc);
    }

    private Reply jwks() {
        jwksFetches.incrementAndGet();
        return Reply.json(200, keys.jwks());
    }

    private Reply file(String name) {
        File file = files.get(name);
        return file == null ? Reply.error(404, "No file " + name) : Reply.bytes(file.type(), file.content());
    }

    private static JsonNode parse(String body) {
        try {
            return body.isEmpty() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Percent-decoding of one path segment ({@code +} stays {@code +}); a bad escape is an IllegalArgumentException. */
    static String decode(String segment) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < segment.length()) {
            if (segment.charAt(i) == '%') {
                if (i + 2 >= segment.length()) {
                    throw new IllegalArgumentException("bad percent escape in " + segment);
                }
                out.write(HexFormat.fromHexDigits(segment, i + 1, i + 3));
                i += 3;
            } else {
                int codePoint = segment.codePointAt(i);
                out.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
