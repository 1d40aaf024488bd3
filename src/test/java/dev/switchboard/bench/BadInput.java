package dev.switchboard.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.switchboard.bench.BadInputGenerator.Probe;
import dev.switchboard.bench.BadInputHttp.Response;
import dev.switchboard.bench.BadInputState.Snapshot;
import dev.switchboard.channel.botframework.Auth;
import dev.switchboard.channel.botframework.FakeBotConnector;
import dev.switchboard.support.DeskClient;

/**
 * The bad-input command of issue 6: Switchboard in a JVM of its own (embedded defaults, or the
 * {@code postgres} profile), and a few thousand generated malformed, mutated, oversized,
 * wrongly-typed and wrongly-authenticated requests to every public endpoint (the desk API, the
 * bot API, the Bot Framework messaging endpoint, attachment downloads, the operations endpoints),
 * one at a time. Each answer is checked:
 * <ul>
 * <li>never a 5xx, never no answer;</li>
 * <li>every 4xx is JSON with {@code error} and {@code description} (the bot API: {@code desc});</li>
 * <li>a refused request (anything but 2xx) stored nothing: the row count of every table, the files
 * of the attachment store and the webhook calls Switchboard made are the same after it, the
 * objects it named read the same through the desk API, and nothing changes later either;</li>
 * <li>no ERROR in Switchboard's log;</li>
 * </ul>
 * and at the end: the lists of the desk API (cases, messages, users, staff, groups, labels,
 * channels, rules, bots, chats, conversations, waiting deliveries, dead letters) changed exactly as
 * much as the database did, and by no more than the accepted requests changed it; no dead letter
 * appeared; health is UP and a normal round trip (custom channel, bot, Bot Framework) still works.
 * <p>
 * Run it with {@code mvn -Pbadinput verify} (see README); settings are {@code badinput.*} system
 * properties ({@link BadInputConfig}). Writes {@code report.json} under
 * {@code target/badinput/<timestamp>/}; exits 1 on any failure.
 */
public final class BadInput {

    static final String BOT_FRAMEWORK_BOT = "badinput";
    private static final String APP_ID = "4b7f0c1e-2d3a-4e5f-8a9b-0000ba41e9c7";
    private static final String APP_PASSWORD = "bad-input-app-password";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern LOG_LEVEL = Pattern.compile("^\\S+\\s+(ERROR|WARN)\\s");
    private static final int SAMPLE_BODY = 1500;

    /** A check that did not hold, with the request that showed it. */
    record Failure(String kind, String endpoint, String label, String request, String response, String detail) {
    }

    /** What a run found: its report and every failure (empty: nothing wrong). */
    record Result(Path directory, Path report, long requests, List<Failure> failures) {
    }

    /** Requests, answers and failures of one endpoint. */
    static final class Tally {
        final String area;
        long tried;
        long accepted;
        final Map<String, Long> statuses = new TreeMap<>();
        final Map<String, Long> kinds = new TreeMap<>();
        long failures;
        long maxMillis;
        final List<String> acceptedSamples = new ArrayList<>();

        Tally(String area) {
            this.area = area;
        }
    }

    private final BadInputConfig config;
    private final Path runDirectory;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<Failure> failures = new ArrayList<>();
    private final Map<String, Integer> failureKeys = new LinkedHashMap<>();
    private final Map<String, Tally> tallies = new LinkedHashMap<>();
    private final Map<String, Long> acceptedChanges = new TreeMap<>();
    private final Map<String, Long> otherChanges = new TreeMap<>();
    private final Map<String, Set<String>> volatileFields = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private long logOffset;
    private long requests;

    BadInput(BadInputConfig config) {
        this.config = config;
        this.runDirectory = config.newRunDirectory();
    }

    public static void main(String[] args) {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("java.awt.headless", "true");
        BadInput run = new BadInput(BadInputConfig.fromSystemProperties());
        Result result = run.run();
        System.out.println();
        System.out.println("report: " + result.report());
        if (!result.failures().isEmpty()) {
            System.out.println("FAILURES: " + result.failures().size() + " distinct (see the report)");
            System.exit(1);
        }
        System.out.println("no failures in " + result.requests() + " requests");
        System.exit(0);
    }

    Result run() {
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log("run directory " + runDirectory);
        log("seed " + config.seed() + " (repeat with -Dbadinput.seed=" + config.seed() + ")");
        report.put("started_at", OffsetDateTime.now().toString());
        report.put("seed", config.seed());
        report.put("config", Map.of("requests", config.requests(), "endpoints", config.endpoints().pattern(),
                "postgres", config.postgres(), "jvm_opts", config.jvmOpts(), "timeout_ms", config.timeoutMs()));

        PostgresServer postgres = null;
        SwitchboardProcess switchboard = null;
        BadInputState state = null;
        try (BadInputPeers peers = new BadInputPeers();
                FakeBotConnector connector = FakeBotConnector.start(APP_ID, APP_PASSWORD)) {
            SwitchboardProcess.Builder builder = SwitchboardProcess.in(runDirectory).jvmOptions(config.jvmOpts());
            String prefix = "switchboard.botframework.bots." + BOT_FRAMEWORK_BOT + ".";
            builder.property(prefix + "title", "Bad-input bot").property(prefix + "app-id", APP_ID)
                    .property(prefix + "app-password", APP_PASSWORD)
                    .property(prefix + "openid-metadata-url", connector.openIdMetadataUrl())
                    .property(prefix + "token-url", connector.tokenUrl())
                    // attachment_urls and bots' files come from the local file server
                    .property("switchboard.files.fetch-private-networks", "true")
                    .property("switchboard.files.fetch-timeout", "5s")
                    // no chat may end on its own while the run goes on
                    .property("switchboard.chats.idle-timeout", "1d");
            String jdbcUrl;
            String user;
            String password;
            if (config.postgres()) {
                log("starting PostgreSQL");
                postgres = PostgresServer.start(runDirectory.resolve("postgres"));
                jdbcUrl = postgres.database("switchboard");
                user = PostgresServer.USER;
                password = PostgresServer.PASSWORD;
                builder.postgres(new SwitchboardProcess.Database(jdbcUrl, user, password));
            } else {
                Path data = runDirectory.resolve("data");
                jdbcUrl = BadInputState.h2Url(data);
                user = "sa";
                password = "";
                // the same embedded database, in H2's mixed mode so this run can count its rows
                builder.dataDirectory(data).property("spring.datasource.url", jdbcUrl);
            }
            log("starting Switchboard" + (config.postgres() ? " on PostgreSQL" : " (embedded H2 and Artemis)"));
            switchboard = builder.build().start();
            log("Switchboard up on port " + switchboard.port() + " (pid " + switchboard.pid() + ")");
            state = new BadInputState(jdbcUrl, user, password, switchboard.dataDirectory().resolve("files"), peers);
            runAgainst(switchboard, state, peers, connector);
        } finally {
            if (state != null) {
                state.close();
            }
            if (switchboard != null) {
                scanLog(switchboard, null);
                switchboard.stop();
                shutdownLog(switchboard);
            }
            if (postgres != null) {
                postgres.close();
            }
        }
        return write();
    }

    private void runAgainst(SwitchboardProcess switchboard, BadInputState state, BadInputPeers peers,
            FakeBotConnector connector) {
        DeskClient admin = switchboard.admin();
        BadInputFixtures fixtures = new BadInputFixtures(admin).create(peers, switchboard.baseUrl(), switchboard.port());
        fixtures.awaitBotOwnsCase(state, Duration.ofSeconds(30));
        BadInputCatalog catalog = new BadInputCatalog(fixtures, peers, state, connector, BOT_FRAMEWORK_BOT);
        List<BadInputEndpoint> endpoints = catalog.endpoints().stream()
                .filter(e -> config.endpoints().matcher(e.name()).find()).toList();
        Set<String> routes = catalog.endpoints().stream().map(e -> e.method() + " " + e.template())
                .collect(Collectors.toSet());
        BadInputGenerator generator = new BadInputGenerator(fixtures, connector, peers, switchboard.port(),
                1024 * 1024, 256 * 1024, routes, ignored -> linkKey(state));
        report.put("fixtures", Map.of("tag", fixtures.tag, "victim_case", fixtures.caseVictim, "bot_case",
                fixtures.caseBot, "chat_case", fixtures.caseChat, "file", fixtures.fileId));

        for (BadInputEndpoint e : endpoints) {
            for (String path : e.watch()) {
                volatileFields.computeIfAbsent(path, p -> volatileFieldsOf(admin, p));
            }
        }
        awaitQuiet(state, switchboard, Duration.ofSeconds(10));
        scanLog(switchboard, null);
        Snapshot first = state.snapshot();
        Map<String, Long> apiBefore = BadInputState.apiCounts(admin, BOT_FRAMEWORK_BOT);
        report.put("api_before", apiBefore);
        log("before: " + apiBefore);

        int totalWeight = endpoints.stream().mapToInt(BadInputEndpoint::weight).sum();
        long started = System.nanoTime();
        try (BadInputHttp http = new BadInputHttp(switchboard.port(), config.timeoutMs())) {
            Snapshot previousAfter = first;
            Probe previous = null;
            boolean previousAccepted = true;
            for (BadInputEndpoint e : endpoints) {
                int count = Math.max(5, (int) Math.round((double) config.requests() * e.weight() / totalWeight));
                Random random = new Random(config.seed() ^ (e.name().hashCode() * 0x9E3779B97F4A7C15L));
                Tally tally = tallies.computeIfAbsent(e.name(), n -> new Tally(e.area()));
                long endpointStarted = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    Probe probe = generator.next(e, random, i);
                    Snapshot before = state.snapshot();
                    Map<String, Long> drift = before.minus(previousAfter);
                    if (!drift.isEmpty()) {
                        drifted(previous, previousAccepted, drift);
                    }
                    Map<String, JsonNode> watchedBefore = read(admin, e.watch());
                    Response response = http.send(probe.request());
                    requests++;
                    boolean accepted = response.status() >= 200 && response.status() < 300;
                    tally.tried++;
                    tally.maxMillis = Math.max(tally.maxMillis, response.millis());
                    tally.statuses.merge(response.status() == 0 ? "none" : Integer.toString(response.status()), 1L, Long::sum);
                    tally.kinds.merge(probe.kind(), 1L, Long::sum);
                    checkAnswer(probe, response, tally);
                    Snapshot after;
                    if (accepted) {
                        tally.accepted++;
                        if (tally.acceptedSamples.size() < 8 && !probe.kind().equals("valid")) {
                            tally.acceptedSamples.add(probe.label() + " -> " + response.status());
                        }
                        if (e.repair() != null) {
                            e.repair().accept(response);
                        }
                        long deadBefore = deadLetters(admin);
                        after = awaitQuiet(state, switchboard, Duration.ofSeconds(10));
                        long dead = deadLetters(admin);
                        if (dead > deadBefore) {
                            fail("dead-lettered", probe, response, "an accepted request left " + (dead - deadBefore)
                                    + " dead letter(s): " + admin.get("/api/deliveries/dead.json?limit=1").body(), tally);
                        }
                        after.minus(before).forEach((table, delta) -> acceptedChanges.merge(table, delta, Long::sum));
                    } else {
                        after = state.snapshot();
                        Map<String, Long> stored = after.minus(before);
                        if (!stored.isEmpty()) {
                            fail("stored-by-refused-request", probe, response, "changed: " + stored, tally);
                            stored.forEach((table, delta) -> otherChanges.merge(table, delta, Long::sum));
                        }
                        Map<String, JsonNode> watchedAfter = read(admin, e.watch());
                        for (String path : e.watch()) {
                            List<String> changes = new ArrayList<>();
                            diff(watchedBefore.get(path), watchedAfter.get(path), "", volatileFields.getOrDefault(path,
                                    Set.of()), changes);
                            if (!changes.isEmpty()) {
                                fail("changed-by-refused-request", probe, response, "GET " + path + " changed at "
                                        + changes.subList(0, Math.min(10, changes.size())), tally);
                            }
                        }
                    }
                    scanLog(switchboard, probe);
                    if (!switchboard.alive()) {
                        fail("crashed", probe, response, "the Switchboard process ended", tally);
                        throw new IllegalStateException("Switchboard ended during the run; see " + switchboard.log());
                    }
                    previousAfter = after;
                    previous = probe;
                    previousAccepted = accepted;
                }
                log(String.format("%-60s %5d requests, %4d accepted, %3d failures, %5.1f s", e.name(), tally.tried,
                        tally.accepted, tally.failures, (System.nanoTime() - endpointStarted) / 1e9));
            }
            Snapshot last = awaitQuiet(state, switchboard, Duration.ofSeconds(10));
            Map<String, Long> drift = last.minus(previousAfter);
            if (!drift.isEmpty()) {
                drifted(previous, previousAccepted, drift);
            }
            report.put("seconds", Math.round((System.nanoTime() - started) / 1e8) / 10.0);
            finalChecks(switchboard, state, admin, fixtures, peers, connector, first, last, apiBefore);
        }
    }

    // ---- checks of each answer ---------------------------------------------------------------------

    private void checkAnswer(Probe probe, Response response, Tally tally) {
        if (response.status() == 0) {
            if (http09(probe, response)) {
                return;
            }
            fail("no-answer", probe, response, response.error(), tally);
            return;
        }
        if (response.status() >= 500) {
            fail("server-error", probe, response, "answered " + response.status(), tally);
            return;
        }
        if (response.status() >= 400 && !probe.request().method().equals("HEAD") && !consoleOwnAnswer(probe)) {
            String problem = jsonErrorProblem(probe, response);
            if (problem != null) {
                fail("not-a-json-error", probe, response, problem, tally);
            }
        }
    }

    /**
     * Hawtio's and Jolokia's own answers to an administrator who logged in (Jolokia's protocol
     * errors, the console's pages) are theirs, not Switchboard's API: only no 5xx is asked of them.
     * Without or with wrong credentials they are Switchboard's refusals and checked as any other.
     */
    private static boolean consoleOwnAnswer(Probe probe) {
        BadInputHttp.Request request = probe.request();
        String target = request.target();
        String admin = BadInputGenerator.basic(SwitchboardProcess.ADMIN_EMAIL, SwitchboardProcess.ADMIN_KEY);
        return probe.endpoint().door() == BadInputEndpoint.Door.CONSOLE && admin.equals(request.header("Authorization"))
                && "badinput".equals(request.header("X-XSRF-TOKEN")) && "XSRF-TOKEN=badinput".equals(request.header("Cookie"))
                && (target.startsWith("/actuator/hawtio") || target.startsWith("/actuator/jolokia"));
    }

    /**
     * A request line without a target ({@code GET  HTTP/1.1}) is read by Tomcat as HTTP/0.9,
     * whose answers are a body without status line or headers: it must still be the JSON error.
     */
    static boolean http09(Probe probe, Response response) {
        if (!probe.request().target().isEmpty() || response.body() == null) {
            return false;
        }
        try {
            JsonNode body = DeskClient.JSON.readTree(response.body());
            return body != null && body.path("error").isTextual() && body.path("description").isTextual();
        } catch (java.io.IOException notJson) {
            return false;
        }
    }

    /** Why a 4xx answer is not the JSON error it must be, or null when it is. */
    static String jsonErrorProblem(Probe probe, Response response) {
        String type = response.header("Content-Type");
        if (type == null || !(type.toLowerCase().startsWith("application/json")
                || type.toLowerCase().matches("application/[a-z.+-]*\\+json.*"))) {
            return "Content-Type " + type + ", not JSON";
        }
        JsonNode body = response.json();
        if (!body.isObject()) {
            return "the body is not a JSON object";
        }
        if (!body.path("error").isTextual() || body.path("error").asText().isBlank()) {
            return "no \"error\" code";
        }
        boolean botApi = probe.request().target().startsWith("/api/bot/");
        String description = botApi ? "desc" : "description";
        if (!body.path(description).isTextual() || body.path(description).asText().isBlank()) {
            return "no \"" + description + "\"";
        }
        return null;
    }

    private void drifted(Probe previous, boolean previousAccepted, Map<String, Long> drift) {
        if (previous == null || previousAccepted) {
            // after an accepted request the run waited until nothing moved: a later change is no request's
            drift.forEach((table, delta) -> otherChanges.merge(table, delta, Long::sum));
            warnings.add("changed between requests (after " + (previous == null ? "the set-up" : previous.label()) + "): "
                    + drift);
            if (previous != null) {
                fail("changed-later", previous, null, "changed after an accepted request had settled: " + drift,
                        tallies.get(previous.endpoint().name()));
            }
            return;
        }
        drift.forEach((table, delta) -> otherChanges.merge(table, delta, Long::sum));
        fail("stored-after-refused-request", previous, null, "changed after the answer: " + drift,
                tallies.get(previous.endpoint().name()));
    }

    private void fail(String kind, Probe probe, Response response, String detail, Tally tally) {
        if (tally != null) {
            tally.failures++;
        }
        String endpoint = probe == null ? "-" : probe.endpoint().name();
        String label = probe == null ? "-" : probe.label();
        // one sample per kind, endpoint and what was done (its first part), counted
        String key = kind + "|" + endpoint + "|" + (probe == null ? "-" : probe.kind() + ":" + label.split(":")[1]);
        Integer at = failureKeys.get(key);
        if (at != null) {
            failureCounts.merge(key, 1L, Long::sum);
            return;
        }
        failureKeys.put(key, failures.size());
        failureCounts.put(key, 1L);
        failures.add(new Failure(kind, endpoint, label, probe == null ? "-" : probe.request().sample(SAMPLE_BODY),
                response == null ? "-" : response.sample(SAMPLE_BODY), detail));
        log("FAILURE " + kind + " " + endpoint + " [" + label + "]: " + detail
                + (response == null ? "" : " -> " + (response.status() == 0 ? response.error() : response.status() + " "
                + BadInputHttp.printable(response.body(), 200))));
    }

    private final Map<String, Long> failureCounts = new LinkedHashMap<>();

    // ---- the log -------------------------------------------------------------------------------------

    /** ERROR lines Switchboard logged since the last look fail the request just made; WARN lines are counted. */
    private void scanLog(SwitchboardProcess switchboard, Probe probe) {
        Path file = switchboard.log();
        if (file == null || !Files.exists(file)) {
            return;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            if (in.length() < logOffset) {
                logOffset = 0;
            }
            if (in.length() == logOffset) {
                return;
            }
            in.seek(logOffset);
            byte[] bytes = new byte[(int) Math.min(in.length() - logOffset, 16 * 1024 * 1024)];
            in.readFully(bytes);
            logOffset += bytes.length;
            String text = new String(bytes, StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                Matcher level = LOG_LEVEL.matcher(line);
                if (!level.find()) {
                    continue;
                }
                String message = line.length() > 400 ? line.substring(0, 400) : line;
                if (level.group(1).equals("ERROR")) {
                    fail("error-logged", probe, null, message, probe == null ? null : tallies.get(probe.endpoint().name()));
                } else {
                    String warning = message.replaceFirst("^\\S+\\s+WARN\\s+\\d+\\s+---\\s+\\[[^]]*]\\s+\\[[^]]*]\\s+", "");
                    logWarnings.merge(warning.length() > 160 ? warning.substring(0, 160) : warning, 1L, Long::sum);
                }
            }
        } catch (IOException e) {
            warnings.add("could not read the log: " + e);
        }
    }

    private final Map<String, Long> logWarnings = new LinkedHashMap<>();

    /**
     * What Switchboard logged while stopping is reported, not failed: with the database in H2's
     * mixed mode (for the row counts) H2 closes it from its own shutdown hook, and the scheduler's
     * last statements may find it closed.
     */
    private void shutdownLog(SwitchboardProcess switchboard) {
        try {
            List<String> lines = Files.readAllLines(switchboard.log(), StandardCharsets.UTF_8);
            long seen = 0;
            List<String> atShutdown = new ArrayList<>();
            for (String line : lines) {
                seen += line.getBytes(StandardCharsets.UTF_8).length + 1;
                if (seen > logOffset && LOG_LEVEL.matcher(line).find()) {
                    atShutdown.add(line.length() > 300 ? line.substring(0, 300) : line);
                }
            }
            report.put("log_at_shutdown", atShutdown.subList(0, Math.min(20, atShutdown.size())));
        } catch (IOException e) {
            warnings.add("could not read the log: " + e);
        }
    }

    // ---- quiet, watches, differences -------------------------------------------------------------------

    /**
     * Waits until nothing moves: the row counts, files and webhook calls the same twice in a row,
     * the outbox empty and no message on the broker's queues (but the dead letters).
     */
    private Snapshot awaitQuiet(BadInputState state, SwitchboardProcess switchboard, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Snapshot last = state.snapshot();
        int stable = 0;
        while (System.nanoTime() < deadline) {
            BadInputFixtures.sleep(40);
            Snapshot now = state.snapshot();
            boolean same = now.equals(last);
            last = now;
            if (!same || now.rows().getOrDefault("outbox", 0L) > 0) {
                stable = 0;
                continue;
            }
            if (++stable >= 2) {
                Map<String, Long> queues = switchboard.queueDepths();
                queues.remove("sb.dead");
                if (queues.values().stream().allMatch(depth -> depth == 0)) {
                    Snapshot confirm = state.snapshot();
                    if (confirm.equals(now)) {
                        return confirm;
                    }
                    last = confirm;
                }
                stable = 0;
            }
        }
        warnings.add("did not settle within " + timeout);
        return last;
    }

    private static long deadLetters(DeskClient admin) {
        return admin.get("/api/deliveries/dead.json?limit=1").json().path("total_count").asLong();
    }

    private static Map<String, JsonNode> read(DeskClient admin, List<String> paths) {
        Map<String, JsonNode> read = new LinkedHashMap<>();
        for (String path : paths) {
            DeskClient.Answer answer = admin.get(path);
            read.put(path, answer.status() == 200 ? answer.json() : DeskClient.JSON.getNodeFactory().textNode(
                    answer.status() + " " + answer.body()));
        }
        return read;
    }

    /** Fields of an answer that change on their own (clocks, running durations): read twice, a second apart. */
    private static Set<String> volatileFieldsOf(DeskClient admin, String path) {
        JsonNode first = admin.get(path).json();
        BadInputFixtures.sleep(1100);
        JsonNode second = admin.get(path).json();
        List<String> changes = new ArrayList<>();
        diff(first, second, "", Set.of(), changes);
        return new TreeSet<>(changes);
    }

    static void diff(JsonNode a, JsonNode b, String at, Set<String> ignored, List<String> into) {
        if (ignored.contains(at)) {
            return;
        }
        if (a == null || b == null) {
            if (a != b) {
                into.add(at.isEmpty() ? "/" : at);
            }
            return;
        }
        if (a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                diff(a.get(name), b.get(name), at + "/" + name, ignored, into);
            }
            return;
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                diff(a.get(i), b.get(i), at + "/" + i, ignored, into);
            }
            return;
        }
        if (!a.equals(b) && !sameDownload(a, b)) {
            into.add(at.isEmpty() ? "/" : at);
        }
    }

    /** A download link is signed anew at each read (its expiry moves on): the same file, both times. */
    private static boolean sameDownload(JsonNode a, JsonNode b) {
        if (!a.isTextual() || !b.isTextual() || !a.asText().contains("/files/")) {
            return false;
        }
        String first = a.asText();
        String second = b.asText();
        int query = first.indexOf('?');
        return query > 0 && second.indexOf('?') == query && first.regionMatches(0, second, 0, query);
    }

    private static byte[] linkKey(BadInputState state) {
        List<Map<String, Object>> rows = state.query("SELECT secret FROM app_secret WHERE name = ?", "file-links");
        if (rows.isEmpty()) {
            throw new IllegalStateException("no file-links key in app_secret");
        }
        return HexFormat.of().parseHex(rows.get(0).get("secret").toString());
    }

    // ---- the end: lists, health, a normal round trip ---------------------------------------------------

    private void finalChecks(SwitchboardProcess switchboard, BadInputState state, DeskClient admin,
            BadInputFixtures fixtures, BadInputPeers peers, FakeBotConnector connector, Snapshot first, Snapshot last,
            Map<String, Long> apiBefore) {
        Map<String, Long> apiAfter = BadInputState.apiCounts(admin, BOT_FRAMEWORK_BOT);
        report.put("api_after", apiAfter);
        log("after:  " + apiAfter);
        Map<String, Long> dbChange = last.minus(first);
        report.put("database_change", dbChange);
        report.put("database_change_by_accepted_requests", acceptedChanges);
        report.put("database_change_otherwise", otherChanges);
        if (!otherChanges.isEmpty()) {
            fail("unexplained-change", null, null, "changed by no accepted request: " + otherChanges, null);
        }
        // the desk API's lists changed exactly as the tables behind them did
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("cases", "desk_case");
        tables.put("messages", "message");
        tables.put("users", "desk_user");
        tables.put("staff", "staff");
        tables.put("groups", "desk_group");
        tables.put("labels", "label");
        tables.put("custom_channels", "channel");
        tables.put("rules", "case_rule");
        tables.put("bots", "bot");
        tables.put("bot_framework_conversations", "conversation");
        Map<String, Object> compared = new LinkedHashMap<>();
        tables.forEach((list, table) -> {
            long api = apiAfter.get(list) - apiBefore.get(list);
            long db = dbChange.getOrDefault(table, 0L);
            compared.put(list, Map.of("api", api, "database", db));
            if (api != db) {
                fail("api-and-database-disagree", null, null, list + " changed by " + api + " through the API, "
                        + table + " by " + db + " rows", null);
            }
        });
        report.put("api_change_vs_database", compared);
        for (String list : List.of("dead_letters", "waiting_deliveries")) {
            if (!apiAfter.get(list).equals(apiBefore.get(list))) {
                fail("deliveries-left", null, null, list + " went from " + apiBefore.get(list) + " to " + apiAfter.get(list)
                        + ": " + admin.get("/api/deliveries/" + (list.equals("dead_letters") ? "dead" : "waiting")
                        + ".json?limit=3").body(), null);
            }
        }

        Map<String, Object> health = new LinkedHashMap<>();
        DeskClient.Answer up = admin.anonymous().get("/actuator/health");
        health.put("health", up.status() + " " + up.body());
        if (up.status() != 200 || !up.body().contains("\"UP\"")) {
            fail("unhealthy", null, null, "health: " + up.status() + " " + up.body(), null);
        }
        health.put("custom_channel_round_trip", roundTrip(admin, fixtures, peers));
        health.put("bot_round_trip", botRoundTrip(admin, state, fixtures, peers));
        health.put("bot_framework", botFrameworkWorks(switchboard, admin, connector, state));
        health.put("alive", switchboard.alive());
        report.put("still_healthy", health);
        log("still healthy: " + health);
    }

    /** A customer's case on an untouched channel, a staff reply, the reply at the webhook. */
    private String roundTrip(DeskClient admin, BadInputFixtures fixtures, BadInputPeers peers) {
        long calls = peers.calls("/hook/round");
        DeskClient.Answer kase = admin.post("/api/cases.json", Map.of("case", Map.of("user_custom_id",
                "round-" + fixtures.tag, "channel", fixtures.channelRoundCode, "content", "does it still work?")));
        if (kase.status() != 201) {
            fail("round-trip-failed", null, null, "new case: " + kase.status() + " " + kase.body(), null);
            return "failed";
        }
        long id = kase.json().get("case").get("case_id").asLong();
        DeskClient.Answer reply = admin.post("/api/cases/" + id + "/messages.json", Map.of("message",
                Map.of("content", "it does")));
        if (reply.status() != 201 || !await(() -> peers.calls("/hook/round") > calls, Duration.ofSeconds(20))) {
            fail("round-trip-failed", null, null, "the reply did not reach the webhook: " + reply.status() + " "
                    + reply.body(), null);
            return "failed";
        }
        return "ok";
    }

    /** The bot's chat: the bot answers through the bot API, the answer reaches the channel. */
    private String botRoundTrip(DeskClient admin, BadInputState state, BadInputFixtures fixtures, BadInputPeers peers) {
        if (!fixtures.botOwns(state)) {
            fail("round-trip-failed", null, null, "the bot no longer owns case " + fixtures.caseBot, null);
            return "failed";
        }
        long calls = peers.calls("/hook/bot");
        try (BadInputHttp http = new BadInputHttp(Integer.parseInt(admin.base().replaceAll(".*:", "")), 30_000)) {
            Response answer = http.send(new BadInputHttp.Request("POST", "/api/bot/v2/send_message",
                    List.of(new String[] {"Authorization", "Token " + fixtures.botToken},
                            new String[] {"Content-Type", "application/json"}),
                    ("{\"chat_id\":" + fixtures.caseBot + ",\"message\":{\"kind\":\"operator\",\"text\":\"still here\"}}")
                            .getBytes(StandardCharsets.UTF_8), BadInputHttp.Framing.LENGTH));
            if (answer.status() != 200 || !await(() -> peers.calls("/hook/bot") > calls, Duration.ofSeconds(20))) {
                fail("round-trip-failed", null, answer, "the bot's answer did not reach the channel", null);
                return "failed";
            }
        }
        return "ok";
    }

    /** A valid activity is answered 200 and stored. */
    private String botFrameworkWorks(SwitchboardProcess switchboard, DeskClient admin, FakeBotConnector connector,
            BadInputState state) {
        long before = state.rows().getOrDefault("message", 0L);
        String user = "29:bi-final";
        var activity = connector.activity("message").conversation(user).from(user, "Final").text("still listening?").build();
        FakeBotConnector.Delivery delivery = connector.send(switchboard.baseUrl() + "/channels/botframework/"
                + BOT_FRAMEWORK_BOT + "/messages", activity, Auth.VALID);
        if (delivery.status() != 200 || !await(() -> state.rows().getOrDefault("message", 0L) > before,
                Duration.ofSeconds(20))) {
            fail("round-trip-failed", null, null, "a valid activity: " + delivery.status() + " " + delivery.body()
                    + ", stored: " + (state.rows().getOrDefault("message", 0L) > before), null);
            return "failed";
        }
        return "ok";
    }

    private static boolean await(java.util.function.BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            BadInputFixtures.sleep(50);
        }
        return condition.getAsBoolean();
    }

    // ---- the report ------------------------------------------------------------------------------------

    private Result write() {
        Map<String, Object> perEndpoint = new LinkedHashMap<>();
        tallies.forEach((name, t) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("area", t.area);
            entry.put("tried", t.tried);
            entry.put("accepted", t.accepted);
            entry.put("failures", t.failures);
            entry.put("statuses", t.statuses);
            entry.put("kinds", t.kinds);
            entry.put("max_ms", t.maxMillis);
            entry.put("accepted_samples", t.acceptedSamples);
            perEndpoint.put(name, entry);
        });
        Map<String, Long> byArea = new TreeMap<>();
        tallies.values().forEach(t -> byArea.merge(t.area, t.tried, Long::sum));
        report.put("requests", requests);
        report.put("requests_by_area", byArea);
        report.put("endpoints", perEndpoint);
        List<Map<String, Object>> failureList = new ArrayList<>();
        Iterator<Long> counts = failureCounts.values().iterator();
        for (Failure failure : failures) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("kind", failure.kind());
            entry.put("endpoint", failure.endpoint());
            entry.put("label", failure.label());
            entry.put("times", counts.hasNext() ? counts.next() : 1);
            entry.put("detail", failure.detail());
            entry.put("request", failure.request());
            entry.put("response", failure.response());
            failureList.add(entry);
        }
        report.put("failures", failureList);
        report.put("failure_count", failures.size());
        report.put("log_warnings", logWarnings);
        report.put("notes", warnings);
        Path file = runDirectory.resolve("report.json");
        try {
            JSON.writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        printSummary();
        return new Result(runDirectory, file, requests, List.copyOf(failures));
    }

    private void printSummary() {
        System.out.println();
        System.out.println("seed " + config.seed() + ", " + requests + " requests");
        System.out.printf("%-62s %6s %6s %6s  %s%n", "endpoint", "tried", "2xx", "fail", "statuses");
        tallies.forEach((name, t) -> System.out.printf("%-62s %6d %6d %6d  %s%n", name, t.tried, t.accepted, t.failures,
                t.statuses));
        System.out.println();
        if (failures.isEmpty()) {
            System.out.println("no failures");
            return;
        }
        System.out.println(failures.size() + " distinct failures:");
        Iterator<Long> counts = failureCounts.values().iterator();
        for (Failure failure : failures) {
            long times = counts.hasNext() ? counts.next() : 1;
            System.out.println("- " + failure.kind() + " " + failure.endpoint() + " [" + failure.label() + "] x" + times
                    + ": " + failure.detail());
            System.out.println("    " + failure.request().replace("\n", "\n    "));
            System.out.println("    -> " + failure.response().replace("\n", "\n       "));
        }
    }

    private static void log(String message) {
        System.out.println(java.time.LocalTime.now().withNano(0) + " " + message);
    }
}
