package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import dev.switchboard.channel.botframework.FakeBotConnector;

/**
 * The benchmark of issue 6: Switchboard in a JVM of its own (embedded defaults, or the
 * {@code postgres} profile), a stub bot and a custom channel's webhook receiver on 127.0.0.1,
 * and the bot round trip driven through the desk API — customer message -> case -> bot event ->
 * the bot answers through the bot API -> the answer at the channel's webhook — at saturation
 * (closed loop) and at fixed offered rates (open loop); then ingestion alone through the desk API
 * and through the Bot Framework endpoint; and, in the same run but not at the same time, the
 * machine's limit for the same work (broker, database). Writes {@code report.json} and
 * {@code chart.png} under {@code target/bench/<timestamp>/}.
 * <p>
 * Run it with {@code mvn -Pbench verify} (see README); settings are {@code bench.*} system
 * properties ({@link BenchConfig}). Exits 1 when something was lost, duplicated or out of order.
 */
public final class Benchmark {

    static final String BOT_FRAMEWORK_BOT = "bench";
    private static final String APP_ID = "6d0b1b2a-5e1f-4c3e-9a77-0000000be4c1";
    private static final String APP_PASSWORD = "bench-app-password";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final BenchConfig config;
    private final Path runDirectory;
    private final Timeline timeline = new Timeline(System.nanoTime());
    private final Ledger ledger = new Ledger(timeline);
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<Charts.PhaseMark> marks = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private volatile java.time.Instant loadStartedAt;
    /** When the load and its drain ended: the read-back through the API after it is not profiled. */
    private volatile java.time.Instant loadEndedAt;

    Benchmark(BenchConfig config) {
        this.config = config;
        this.runDirectory = config.newRunDirectory();
    }

    public static void main(String[] args) {
        // before any JDK HTTP server of this JVM exists (see LoopbackServer)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("java.awt.headless", "true");
        Benchmark benchmark = new Benchmark(BenchConfig.fromSystemProperties());
        Result result = benchmark.run();
        System.out.println();
        System.out.println("report: " + result.report());
        System.out.println("chart:  " + result.chart());
        if (!result.problems().isEmpty()) {
            System.out.println("PROBLEMS: " + result.problems());
            System.exit(1);
        }
        System.exit(0);
    }

    /** Where the run wrote its files, and what went wrong (empty: nothing lost, doubled or reordered). */
    record Result(Path directory, Path report, Path chart, List<String> problems, Map<String, Object> figures) {
    }

    Result run() {
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log("run directory " + runDirectory);
        report.put("caveat", "figures depend on the machine and on what else runs on it; compare runs on a quiet machine");
        report.put("started_at", OffsetDateTime.now().toString());
        report.put("machine", machine());
        report.put("config", configMap());

        PostgresServer postgres = null;
        FakeBotConnector connector = null;
        SwitchboardProcess switchboard = null;
        ChannelReceiver receiver = new ChannelReceiver(ledger, 16);
        StubBot bot = new StubBot(ledger, 16);
        try {
            if (config.postgres()) {
                log("starting PostgreSQL");
                postgres = PostgresServer.start(runDirectory.resolve("postgres"));
            }
            if (config.runs("limits")) {
                machineLimits(postgres);
            }
            boolean botFramework = config.runs("ingest-bf");
            if (botFramework) {
                connector = FakeBotConnector.start(APP_ID, APP_PASSWORD);
            }
            switchboard = startSwitchboard(postgres, connector);
            try (ResourceSampler sampler = new ResourceSampler(switchboard, timeline, true)) {
                load(switchboard, receiver, bot, connector);
                finish(switchboard, receiver, bot);
            }
        } finally {
            if (switchboard != null) {
                switchboard.stop();
                report.put("switchboard", processMap(switchboard));
                jfrSummary(switchboard);
            }
            receiver.close();
            bot.close();
            if (connector != null) {
                // a cold key cache should fetch the Connector's keys once, however many requests arrive at once
                report.put("bot_framework_key_fetches", Map.of("openid_metadata", connector.openIdMetadataFetches(),
                        "jwks", connector.jwksFetches(), "token_requests", connector.tokenRequests()));
                connector.close();
            }
            report.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            if (postgres != null) {
                postgres.close();
            }
        }
        report.put("problems", problems);
        return write(receiver);
    }

    // ---- phases ---------------------------------------------------------------------------------

    private void machineLimits(PostgresServer postgres) {
        MachineLimits limits = new MachineLimits(runDirectory.resolve("limits"), config.limitDuration());
        Map<String, Object> measured = new LinkedHashMap<>();
        log("machine limit: broker");
        measured.put("broker_messages_per_s", limits.broker());
        MachineLimits.Database database = postgres == null ? limits.h2()
                : new MachineLimits.Database("postgresql", postgres.database("limits"), PostgresServer.USER,
                        PostgresServer.PASSWORD);
        log("machine limit: database (" + database.name() + ")");
        measured.put("database", database.name());
        measured.put("database_inserts_per_s", limits.database(database));
        measured.put("note", "broker: Switchboard's embedded settings (persistent, NIO journal, buffer timeout "
                + MachineLimits.journalBufferTimeout().toNanos() / 1000 + " us, datasync), 1 KiB messages; "
                + "database: one row per commit, Switchboard's durability settings");
        report.put("machine_limits", measured);
        log("machine limits: " + measured);
    }

    private SwitchboardProcess startSwitchboard(PostgresServer postgres, FakeBotConnector connector) {
        SwitchboardProcess.Builder builder = SwitchboardProcess.in(runDirectory).jvmOptions(config.jvmOpts())
                .jfr(config.jfr());
        if (postgres != null) {
            builder.postgres(new SwitchboardProcess.Database(postgres.database("switchboard"), PostgresServer.USER,
                    PostgresServer.PASSWORD));
        }
        if (connector != null) {
            String prefix = "switchboard.botframework.bots." + BOT_FRAMEWORK_BOT + ".";
            builder.property(prefix + "title", "Benchmark bot").property(prefix + "app-id", APP_ID)
                    .property(prefix + "app-password", APP_PASSWORD)
                    .property(prefix + "openid-metadata-url", connector.openIdMetadataUrl())
                    .property(prefix + "token-url", connector.tokenUrl());
        }
        log("starting Switchboard" + (postgres != null ? " on PostgreSQL" : " (embedded H2 and Artemis)"));
        long started = System.nanoTime();
        SwitchboardProcess switchboard = builder.build().start();
        double seconds = (System.nanoTime() - started) / 1e9;
        log(String.format("Switchboard up on port %d (pid %d) after %.1f s", switchboard.port(), switchboard.pid(), seconds));
        report.put("switchboard_start_seconds", PhaseSummary.round(seconds));
        return switchboard;
    }

    private void load(SwitchboardProcess switchboard, ChannelReceiver receiver, StubBot bot, FakeBotConnector connector) {
        loadStartedAt = java.time.Instant.now();
        DeskSetup setup = new DeskSetup(switchboard.admin());
        boolean roundTrips = config.runs("saturation") || config.runs("rates");
        if (roundTrips) {
            long group = setup.group("Bots");
            DeskSetup.Channel chat = setup.channel("Chat", "/hook/chat", receiver.url("/hook/chat"), group);
            receiver.secret(chat.webhookPath(), chat.secret());
            DeskSetup.Bot stub = setup.bot("Stub bot", bot.url("/bot"), group);
            bot.connect(switchboard.baseUrl(), stub.token(), stub.secret());
            report.put("round_trip_channel", chat.code());
            CustomerClient customers = new CustomerClient(switchboard.baseUrl(), SwitchboardProcess.ADMIN_EMAIL,
                    SwitchboardProcess.ADMIN_KEY, chat.code(), ledger);
            ConversationPool pool = new ConversationPool(ledger, "c", config.conversations(), config.messages());
            RoundTripDriver driver = new RoundTripDriver(ledger, customers, pool, true);
            roundTrips(switchboard, bot, driver);
        }
        if (config.runs("ingest-api")) {
            // an overload phase before may leave a backlog of connections that takes a while to clear
            switchboard.awaitHealthy();
            long group = setup.group("Queue");
            DeskSetup.Channel ingest = setup.channel("Ingest", "/hook/ingest", receiver.url("/hook/ingest"), group);
            receiver.secret(ingest.webhookPath(), ingest.secret());
            report.put("ingestion_channel", ingest.code());
            CustomerClient customers = new CustomerClient(switchboard.baseUrl(), SwitchboardProcess.ADMIN_EMAIL,
                    SwitchboardProcess.ADMIN_KEY, ingest.code(), ledger);
            ConversationPool pool = new ConversationPool(ledger, "i", config.conversations(), config.messages());
            RoundTripDriver driver = new RoundTripDriver(ledger, customers, pool, false);
            ingestion("ingest-api", "ingestion, desk API", switchboard, (phase, duration) -> driver.closedLoop(phase,
                    config.ingestInFlight(), duration, Duration.ZERO));
        }
        if (config.runs("ingest-bf")) {
            ConversationPool pool = new ConversationPool(ledger, "b", config.conversations(), config.messages());
            BotFrameworkIngestion driver = new BotFrameworkIngestion(ledger, connector,
                    switchboard.baseUrl() + "/channels/botframework/" + BOT_FRAMEWORK_BOT + "/messages", pool);
            ingestion("ingest-bf", "ingestion, Bot Framework", switchboard, (phase, duration) -> driver.closedLoop(phase,
                    config.ingestInFlight(), duration));
        }
    }

    private void roundTrips(SwitchboardProcess switchboard, StubBot bot, RoundTripDriver driver) {
        List<Map<String, Object>> saturation = new ArrayList<>();
        List<Map<String, Object>> rates = new ArrayList<>();
        if (!config.warmup().isZero()) {
            warmUp(bot, driver);
        }
        if (config.runs("saturation")) {
            for (int inFlight : config.inFlight()) {
                String phase = "saturation-" + inFlight;
                log("saturation: " + inFlight + " round trips in flight for " + config.duration().toSeconds() + " s");
                marks.add(new Charts.PhaseMark("saturation " + inFlight + " in flight", seconds(), null));
                PhaseMeter cpu = new PhaseMeter(switchboard);
                RoundTripDriver.Run run = driver.closedLoop(phase, inFlight, config.duration(), config.drain());
                drain(phase, bot);
                Map<String, Object> summary = PhaseSummary.of(run, ledger, cpu.switchboardSeconds());
                cpu.addTo(summary);
                summary.put("in_flight", inFlight);
                saturation.add(summary);
                log(phase + ": " + summary.get("round_trips_per_s") + " round trips/s, latency " + summary.get("latency"));
                mark(phase);
            }
        }
        if (config.runs("rates")) {
            for (int rate : config.rates()) {
                String phase = "rate-" + rate;
                log("fixed rate: " + rate + "/s for " + config.rateDuration().toSeconds() + " s");
                marks.add(new Charts.PhaseMark(rate + "/s", seconds(), null));
                PhaseMeter cpu = new PhaseMeter(switchboard);
                RoundTripDriver.Run run = driver.openLoop(phase, rate, config.rateDuration(), Math.max(1000, rate * 5));
                drain(phase, bot);
                Map<String, Object> summary = PhaseSummary.of(run, ledger, cpu.switchboardSeconds());
                cpu.addTo(summary);
                summary.put("offered_per_s", rate);
                rates.add(summary);
                log(phase + ": accepted " + summary.get("accepted_per_s") + "/s, answered "
                        + summary.get("round_trips_per_s") + "/s, latency " + summary.get("latency"));
                mark(phase);
            }
        }
        report.put("saturation", saturation);
        report.put("fixed_rates", rates);
    }

    /** One ingestion driver: closed-loop traffic of one kind, as phase {@code phase}, for {@code duration}. */
    private interface IngestionDriver {
        RoundTripDriver.Run run(String phase, Duration duration);
    }

    private void ingestion(String phase, String label, SwitchboardProcess switchboard, IngestionDriver driver) {
        boolean viaBroker = phase.equals("ingest-bf");
        if (!config.ingestWarmup().isZero()) {
            log(label + ": warm-up " + config.ingestWarmup().toSeconds() + " s");
            driver.run(phase + "-warmup", config.ingestWarmup());
            if (viaBroker) {
                inboundDrained(switchboard);
            }
        }
        log(label + ": " + config.ingestInFlight() + " requests in flight for " + config.ingestDuration().toSeconds() + " s");
        marks.add(new Charts.PhaseMark(label, seconds(), null));
        PhaseMeter cpu = new PhaseMeter(switchboard);
        RoundTripDriver.Run run = driver.run(phase, config.ingestDuration());
        Map<String, Object> summary;
        if (viaBroker) {
            // answered 200 once on the broker: stored when sb.inbound is empty again
            boolean readable = !switchboard.queueDepths().isEmpty();
            boolean drained = readable && inboundDrained(switchboard);
            long drainedAt = System.nanoTime();
            summary = PhaseSummary.of(run, ledger, cpu.switchboardSeconds());
            long accepted = (long) summary.get("accepted");
            if (drained) {
                double seconds = (drainedAt - run.startedAt()) / 1e9;
                summary.put("stored_per_s", PhaseSummary.round(accepted / seconds));
                summary.put("stored_all_after_s", PhaseSummary.round(seconds));
            } else {
                summary.put("stored_per_s", readable ? "sb.inbound did not drain within the wait"
                        : "unknown: the queue depth could not be read");
            }
        } else {
            summary = PhaseSummary.of(run, ledger, cpu.switchboardSeconds());
        }
        cpu.addTo(summary);
        report.put(phase.equals("ingest-api") ? "ingestion_desk_api" : "ingestion_bot_framework", summary);
        log(label + ": " + summary.get("accepted_per_s") + " accepted/s" + (summary.containsKey("stored_per_s")
                ? ", stored per second: " + summary.get("stored_per_s") : ""));
    }

    /** Waits, as long as it keeps shrinking, for sb.inbound to be empty: everything accepted stored. */
    private boolean inboundDrained(SwitchboardProcess switchboard) {
        return RoundTripDriver.awaitWhileProgressing(
                () -> switchboard.queueDepths().getOrDefault("sb.inbound", 1L) == 0,
                () -> switchboard.queueDepths().getOrDefault("sb.inbound", -1L), config.drain(),
                config.drain().multipliedBy(20));
    }

    /**
     * Closed-loop round trips in windows until the JVM is warm ({@link WarmUp}): a phase measured
     * while the JIT still compiles the hot path reports a fraction of what the same build sustains.
     */
    private void warmUp(StubBot bot, RoundTripDriver driver) {
        WarmUp warmUp = new WarmUp(config.warmup(), config.warmupMax());
        log("warm-up: at least " + config.warmup().toSeconds() + " s, then until round trips/s stop growing (at most "
                + config.warmupMax().toSeconds() + " s)");
        long started = System.nanoTime();
        while (!warmUp.over()) {
            long answeredBefore = ledger.answeredCount();
            long windowStart = System.nanoTime();
            driver.closedLoop("warmup", config.inFlight().get(0), WarmUp.WINDOW, config.drain());
            double rate = (ledger.answeredCount() - answeredBefore) / ((System.nanoTime() - windowStart) / 1e9);
            warmUp.window(Duration.ofNanos(System.nanoTime() - started), rate);
            log("warm-up: " + PhaseSummary.round(rate) + " round trips/s");
        }
        drain("warmup", bot);
        report.put("warm_up", warmUp.summary());
        log("warm-up " + (warmUp.warm() ? "done" : "stopped at its limit, still warming") + " after "
                + warmUp.elapsed().toSeconds() + " s");
    }

    private void drain(String phase, StubBot bot) {
        // a backlog may take a while: wait as long as answers keep coming
        if (!RoundTripDriver.awaitWhileProgressing(() -> bot.pending() == 0 && ledger.unanswered(phase) == 0,
                ledger::answeredCount, config.drain(), config.drain().multipliedBy(20))) {
            log(phase + ": " + ledger.unanswered(phase) + " answers still missing (none arrived for "
                    + config.drain().toSeconds() + " s)");
        }
    }

    private void mark(String phase) {
        Charts.PhaseMark last = marks.remove(marks.size() - 1);
        marks.add(new Charts.PhaseMark(last.label(), last.startSecond(), PhaseSummary.latency(phase, ledger)));
    }

    /**
     * What a phase used: CPU, Switchboard's (with its JIT and GC share) and the load generator's, the
     * commits shared, and the time Switchboard itself took over the POSTs it answered.
     */
    private static final class PhaseMeter {
        private final SwitchboardProcess switchboard;
        private final double start;
        private final Map<String, Double> kinds;
        private final double harness;
        private final Map<String, Double> harnessKinds;
        private final Map<String, double[]> commits;
        private final Map<String, double[]> posts;

        PhaseMeter(SwitchboardProcess switchboard) {
            this.switchboard = switchboard;
            this.commits = switchboard.commitUnits();
            this.posts = switchboard.postTimes();
            this.start = switchboard.cpuSeconds();
            this.kinds = switchboard.cpuSecondsByKind();
            this.harness = harnessCpuSeconds();
            this.harnessKinds = SwitchboardProcess.cpuSecondsByKind(ProcessHandle.current().pid());
        }

        double switchboardSeconds() {
            return switchboard.cpuSeconds() - start;
        }

        void addTo(Map<String, Object> summary) {
            Map<String, Double> now = switchboard.cpuSecondsByKind();
            Map<String, Object> byKind = new LinkedHashMap<>();
            now.forEach((kind, seconds) -> byKind.put(kind, PhaseSummary.round(Math.max(0, seconds - kinds.getOrDefault(kind, 0.0)))));
            summary.put("switchboard_cpu_seconds_by_thread_kind", byKind);
            // how many units of work shared each commit (GroupCommit), by kind of work
            Map<String, Object> shared = new LinkedHashMap<>();
            switchboard.commitUnits().forEach((work, end) -> {
                double[] begin = commits.getOrDefault(work, new double[2]);
                double count = end[0] - begin[0];
                if (count > 0) {
                    shared.put(work, Map.of("commits", (long) count,
                            "units_per_commit", PhaseSummary.round((end[1] - begin[1]) / count)));
                }
            });
            summary.put("shared_commits", shared);
            // from arrival at the node to answer, by status and path: the rest of the wait the
            // generator saw was in queues in front of the node, or in the generator
            Map<String, Object> served = new LinkedHashMap<>();
            switchboard.postTimes().forEach((key, end) -> {
                double[] begin = posts.getOrDefault(key, new double[2]);
                double count = end[0] - begin[0];
                if (count > 0) {
                    served.put(key, Map.of("count", (long) count,
                            "mean_ms", PhaseSummary.round((end[1] - begin[1]) * 1000 / count)));
                }
            });
            summary.put("switchboard_post_time", served);
            // without the JIT compiler (a short run compiles most of the time) and GC
            Object done = summary.containsKey("answered") ? summary.get("answered") : summary.get("accepted");
            long messages = done instanceof Number n ? n.longValue() : 0;
            double application = (Double) byKind.get("application");
            summary.put("switchboard_application_threads_cpu_ms_per_message",
                    messages == 0 ? 0 : PhaseSummary.round(application * 1000 / messages));
            summary.put("load_generator_cpu_seconds", PhaseSummary.round(harnessCpuSeconds() - harness));
            Map<String, Object> harnessByKind = new LinkedHashMap<>();
            SwitchboardProcess.cpuSecondsByKind(ProcessHandle.current().pid()).forEach((kind, seconds) ->
                    harnessByKind.put(kind, PhaseSummary.round(Math.max(0, seconds - harnessKinds.getOrDefault(kind, 0.0)))));
            summary.put("load_generator_cpu_seconds_by_thread_kind", harnessByKind);
        }
    }

    /** CPU seconds of this JVM: the load generator, stub bot and receiver share the machine with Switchboard. */
    static double harnessCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private double seconds() {
        return timeline.seconds(System.nanoTime());
    }

    // ---- the end: checks, counts, figures ---------------------------------------------------------

    private void finish(SwitchboardProcess switchboard, ChannelReceiver receiver, StubBot bot) {
        RoundTripDriver.awaitWhileProgressing(() -> bot.pending() == 0 && ledger.all().stream()
                .noneMatch(e -> e.expectsAnswer && e.accepted() && !e.answered()), ledger::answeredCount,
                config.drain(), config.drain().multipliedBy(20));
        loadEndedAt = java.time.Instant.now();
        long sent = 0;
        long accepted = 0;
        long answered = 0;
        long lost = 0;
        long answeredWithout2xx = 0;
        for (Ledger.Entry e : ledger.all()) {
            if (!e.expectsAnswer || e.sentAt == 0) {
                continue;
            }
            sent++;
            if (e.accepted()) {
                accepted++;
                if (e.answered()) {
                    answered++;
                } else {
                    lost++;
                }
            } else if (e.answered()) {
                answeredWithout2xx++;
            }
        }
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("round_trip_messages_sent", sent);
        counts.put("accepted", accepted);
        counts.put("answered", answered);
        counts.put("lost", lost);
        counts.put("answered_without_2xx", answeredWithout2xx);
        counts.put("duplicates_by_delivery_id", receiver.copies());
        counts.put("answered_twice_by_different_deliveries", receiver.doubleAnswers());
        counts.put("order_violations", receiver.orderViolations());
        counts.put("unknown_deliveries", receiver.unknown());
        counts.put("bot_event_copies_by_delivery_id", bot.eventCopies());
        counts.put("bot_messages_shown_twice", bot.messagesShownAgain());
        counts.put("bot_send_message_failures", bot.failures());
        report.put("counts", counts);
        report.put("receiver", receiver.counts());
        report.put("bot", bot.counts());
        problem(lost, "accepted customer messages never answered (lost)");
        problem(receiver.copies(), "deliveries received more than once (same delivery id)");
        problem(receiver.doubleAnswers(), "customer messages answered by more than one delivery");
        problem(receiver.orderViolations(), "answers out of the conversation's order");
        problem(receiver.unknown(), "deliveries that answer no customer message");
        problem(receiver.badSignatures() + bot.badSignatures(), "deliveries with a bad signature");
        problem(bot.eventCopies(), "bot events received more than once");
        problem(bot.messagesShownAgain(), "customer messages shown to the bot twice");
        problem(bot.failures(), "send_message calls that failed");

        if (config.verifyStored()) {
            List<Map<String, Object>> checks = new ArrayList<>();
            check(checks, switchboard, (String) report.get("round_trip_channel"), "c");
            check(checks, switchboard, (String) report.get("ingestion_channel"), "i");
            if (config.runs("ingest-bf")) {
                check(checks, switchboard, "bf-" + BOT_FRAMEWORK_BOT, "b");
            }
            report.put("stored_check", checks);
        }
        ratios();
        report.put("switchboard", processMap(switchboard));
    }

    private void check(List<Map<String, Object>> checks, SwitchboardProcess switchboard, String channel, String prefix) {
        if (channel == null) {
            return;
        }
        log("reading back what channel " + channel + " stored");
        StoredCheck.Result result = StoredCheck.check(switchboard.admin(), channel, prefix, ledger, 8);
        checks.add(result.toMap());
        problem(result.missing(), channel + ": accepted customer messages not stored");
        problem(result.storedTwice(), channel + ": customer messages stored more than once");
        log(channel + ": " + result.toMap());
    }

    private void problem(long count, String what) {
        if (count > 0) {
            problems.add(count + " " + what);
        }
    }

    @SuppressWarnings("unchecked")
    private void ratios() {
        Map<String, Object> ratios = new LinkedHashMap<>();
        Map<String, Object> limits = (Map<String, Object>) report.get("machine_limits");
        if (limits == null) {
            report.put("ratios", Map.of("note", "machine limits not measured in this run"));
            return;
        }
        Map<String, Double> broker = (Map<String, Double>) limits.get("broker_messages_per_s");
        Map<String, Double> database = (Map<String, Double>) limits.get("database_inserts_per_s");
        double relayLike = broker.get("transacted_batches_of_50_8_consumers");
        double blocking4 = broker.get("blocking_sends_4_producers_4_consumers");
        double db4 = database.get("single_row_commits_4_threads");
        double db1 = database.get("single_row_commits_1_thread");
        // the best sustained rate of any round-trip phase: a fixed rate that was kept up counts as well
        List<Map<String, Object>> phases = new ArrayList<>((List<Map<String, Object>>) report.getOrDefault("saturation", List.of()));
        phases.addAll((List<Map<String, Object>>) report.getOrDefault("fixed_rates", List.of()));
        Map<String, Object> bestPhase = phases.stream().max(java.util.Comparator.comparingDouble(
                s -> ((Number) s.get("round_trips_per_s")).doubleValue())).orElse(null);
        double best = bestPhase == null ? 0 : ((Number) bestPhase.get("round_trips_per_s")).doubleValue();
        if (best > 0) {
            ratios.put("round_trips_per_s", best);
            ratios.put("round_trips_per_s_phase", bestPhase.get("phase"));
            ratios.put("round_trips_per_s_over_broker_batched_msgs_per_s", ratio(best, relayLike));
            ratios.put("broker_crossings_per_round_trip", 2);
            ratios.put("broker_share_used_at_saturation", ratio(2 * best, relayLike));
            ratios.put("round_trips_per_s_over_db_inserts_per_s_4_threads", ratio(best, db4));
        }
        Map<String, Object> api = (Map<String, Object>) report.get("ingestion_desk_api");
        if (api != null) {
            double rate = ((Number) api.get("accepted_per_s")).doubleValue();
            ratios.put("ingestion_desk_api_per_s_over_db_inserts_per_s_4_threads", ratio(rate, db4));
            ratios.put("ingestion_desk_api_per_s_over_db_inserts_per_s_1_thread", ratio(rate, db1));
        }
        Map<String, Object> bf = (Map<String, Object>) report.get("ingestion_bot_framework");
        if (bf != null) {
            double rate = ((Number) bf.get("accepted_per_s")).doubleValue();
            ratios.put("ingestion_bot_framework_accepted_per_s_over_broker_blocking_4_producers", ratio(rate, blocking4));
            if (bf.get("stored_per_s") instanceof Number stored) {
                ratios.put("ingestion_bot_framework_stored_per_s_over_db_inserts_per_s_4_threads",
                        ratio(stored.doubleValue(), db4));
            }
        }
        report.put("ratios", ratios);
    }

    private static double ratio(double a, double b) {
        return b == 0 ? 0 : Math.round(a / b * 1000) / 1000.0;
    }

    private Map<String, Object> processMap(SwitchboardProcess switchboard) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("profile", config.postgres() ? "postgres" : "embedded (H2 + Artemis)");
        map.put("jvm_options", config.jvmOpts());
        map.put("port", switchboard.port());
        map.put("starts", switchboard.starts());
        map.put("cpu_seconds", PhaseSummary.round(switchboard.cpuSeconds()));
        map.put("peak_rss_mb", PhaseSummary.round(switchboard.peakRssBytes() / (1024.0 * 1024.0)));
        map.put("log", runDirectory.relativize(switchboard.log()).toString());
        map.put("jfr", switchboard.jfrFiles().stream().map(f -> runDirectory.relativize(f).toString()).toList());
        map.put("load_generator_cpu_seconds_whole_run", PhaseSummary.round(harnessCpuSeconds()));
        return map;
    }

    private void jfrSummary(SwitchboardProcess switchboard) {
        for (Path jfr : switchboard.jfrFiles()) {
            if (Files.exists(jfr)) {
                Path out = runDirectory.resolve(jfr.getFileName().toString().replace(".jfr", "-hot-methods.txt"));
                try {
                    JfrSummary.write(jfr, out, loadStartedAt, loadEndedAt);
                    log("profile summary: " + out);
                } catch (RuntimeException e) {
                    log("could not summarise " + jfr + ": " + e);
                }
            }
        }
    }

    private Result write(ChannelReceiver receiver) {
        Path reportFile = runDirectory.resolve("report.json");
        Path chart = runDirectory.resolve("chart.png");
        int length = timeline.length() + 1;
        Map<String, Object> series = new LinkedHashMap<>(timeline.counts(length));
        series.putAll(timeline.gauges(length));
        try {
            Files.writeString(runDirectory.resolve("timeline.json"), JSON.writeValueAsString(series));
            Files.writeString(reportFile, JSON.writeValueAsString(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receiver.writeCsv(runDirectory.resolve("deliveries.csv"), timeline);
        try {
            Charts.write(chart, timeline, marks, "Switchboard bot round trip" + (config.postgres() ? " (PostgreSQL)" : ""));
        } catch (RuntimeException e) {
            log("chart not written: " + e);
        }
        return new Result(runDirectory, reportFile, chart, List.copyOf(problems), report);
    }

    private Map<String, Object> configMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("phases", config.phases());
        map.put("duration_s", config.duration().toMillis() / 1000.0);
        map.put("rate_duration_s", config.rateDuration().toMillis() / 1000.0);
        map.put("ingest_duration_s", config.ingestDuration().toMillis() / 1000.0);
        map.put("warmup_s", config.warmup().toMillis() / 1000.0);
        map.put("warmup_max_s", config.warmupMax().toMillis() / 1000.0);
        map.put("ingest_warmup_s", config.ingestWarmup().toMillis() / 1000.0);
        map.put("limit_duration_s", config.limitDuration().toMillis() / 1000.0);
        map.put("rates", config.rates());
        map.put("conversations", config.conversations());
        map.put("messages_per_conversation", config.messages());
        map.put("in_flight", config.inFlight());
        map.put("ingest_in_flight", config.ingestInFlight());
        map.put("postgres", config.postgres());
        map.put("jfr", config.jfr());
        return map;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cores", Runtime.getRuntime().availableProcessors());
        map.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        map.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        map.put("load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        return map;
    }

    private void log(String text) {
        System.out.printf("[bench %7.1fs] %s%n", seconds(), text);
        System.out.flush();
    }
}
