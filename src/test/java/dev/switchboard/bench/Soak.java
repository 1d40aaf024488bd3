package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.channel.botframework.FakeBotConnector;
import dev.switchboard.support.DeskClient;

/**
 * The soak command of issue 6: Switchboard in a JVM of its own under a moderate, steady load for a
 * long time ({@link SoakLoad}: the bot round trip at a fixed offered rate, conversations that end
 * by idle closure and new ones all the time, some coming back, a few files, Bot Framework messages,
 * receiver outages, a time rule), sampled every {@code sample-interval} ({@link SoakSampler}); at
 * the end the trend test ({@link SoakTrend}) says whether heap after GC, threads, open files,
 * queues, the journal and the database's growth per message stay flat, and the ledger and the
 * receiver whether anything was lost, doubled or reordered. Writes {@code report.json},
 * {@code samples.json} and {@code chart.png} under {@code target/soak/<timestamp>/}.
 * <p>
 * Run it with {@code mvn -Psoak verify} (see README); settings are {@code soak.*} system
 * properties ({@link SoakConfig}). Exits 1 when something grew, did not drain, or was lost,
 * duplicated or out of order.
 */
public final class Soak {

    static final String BOT_FRAMEWORK_BOT = "soak";
    private static final String APP_ID = "6d0b1b2a-5e1f-4c3e-9a77-00000050a4c1";
    private static final String APP_PASSWORD = "soak-app-password";

    private final SoakConfig config;
    private final Path runDirectory;
    private final Timeline timeline = new Timeline(System.nanoTime());
    private final Ledger ledger = new Ledger(timeline);
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private List<SoakTrend.Check> checks = List.of();
    private List<Map<String, Double>> samples = List.of();
    private List<SoakLoad.Outage> outages = List.of();
    private volatile long loadStart;

    Soak(SoakConfig config) {
        this.config = config;
        this.runDirectory = config.newRunDirectory();
    }

    public static void main(String[] args) {
        // before any JDK HTTP server of this JVM exists (see LoopbackServer)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.setProperty("java.awt.headless", "true");
        Result result = new Soak(SoakConfig.fromSystemProperties()).run();
        System.out.println();
        System.out.println("report: " + result.report());
        System.out.println("chart:  " + result.chart());
        System.out.println("verdict: " + result.verdict());
        if (!result.problems().isEmpty()) {
            System.out.println("PROBLEMS: " + result.problems());
            System.exit(1);
        }
        System.exit(0);
    }

    /** Where the run wrote its files, its verdict, and what went wrong (empty: flat, nothing lost). */
    record Result(Path directory, Path report, Path chart, String verdict, List<String> problems) {
    }

    Result run() {
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log("run directory " + runDirectory);
        report.put("started_at", OffsetDateTime.now().toString());
        report.put("machine", machine());
        report.put("config", configMap());
        report.put("method", method());

        PostgresServer postgres = null;
        FakeBotConnector connector = null;
        SwitchboardProcess switchboard = null;
        ChannelReceiver receiver = new ChannelReceiver(ledger, 16);
        StubBot bot = new StubBot(ledger, 16);
        SoakSampler sampler = null;
        try {
            if (config.postgres()) {
                log("starting PostgreSQL");
                postgres = PostgresServer.start(runDirectory.resolve("postgres"));
            }
            if (config.bfRate() > 0) {
                connector = FakeBotConnector.start(APP_ID, APP_PASSWORD);
            }
            switchboard = startSwitchboard(postgres, connector);
            Setup setup = setUp(switchboard, receiver, bot);
            Supplier<Connection> database = postgres == null ? null : connect(postgres);
            Path dbDirectory = postgres == null ? switchboard.dataDirectory().resolve("db") : runDirectory.resolve("postgres");
            sampler = new SoakSampler(switchboard, ledger, config.heapMode(), dbDirectory, database);
            load(switchboard, receiver, connector, setup, sampler);
            finish(switchboard, receiver, bot, sampler, setup, database);
        } catch (RuntimeException e) {
            problems.add("the soak itself failed: " + e);
            e.printStackTrace();
        } finally {
            if (sampler != null) {
                sampler.close();
                samples = sampler.samples();
            }
            if (switchboard != null) {
                switchboard.stop();
                report.put("switchboard", processMap(switchboard));
                report.put("log_codes", logCodes(switchboard.log()));
                if (postgres == null) {
                    tablesAfterStop(switchboard);
                }
            }
            receiver.close();
            bot.close();
            if (connector != null) {
                connector.close();
            }
            report.put("load_average_at_end", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            if (postgres != null) {
                postgres.close();
            }
        }
        judge();
        return write(receiver);
    }

    // ---- start and set-up -----------------------------------------------------------------------

    private SwitchboardProcess startSwitchboard(PostgresServer postgres, FakeBotConnector connector) {
        SwitchboardProcess.Builder builder = SwitchboardProcess.in(runDirectory).jvmOptions(config.jvmOpts())
                .property("switchboard.chats.idle-timeout", config.idleTimeout().toSeconds() + "s")
                .property("switchboard.chats.idle-scan-cron", config.idleScanCron());
        if (postgres != null) {
            builder.postgres(new SwitchboardProcess.Database(postgres.database("switchboard"), PostgresServer.USER,
                    PostgresServer.PASSWORD));
        }
        if (connector != null) {
            String prefix = "switchboard.botframework.bots." + BOT_FRAMEWORK_BOT + ".";
            builder.property(prefix + "title", "Soak bot").property(prefix + "app-id", APP_ID)
                    .property(prefix + "app-password", APP_PASSWORD)
                    .property(prefix + "idle-timeout", config.idleTimeout().toSeconds() + "s")
                    .property(prefix + "openid-metadata-url", connector.openIdMetadataUrl())
                    .property(prefix + "token-url", connector.tokenUrl());
        }
        log("starting Switchboard" + (postgres != null ? " on PostgreSQL" : " (embedded H2 and Artemis)"));
        long started = System.nanoTime();
        SwitchboardProcess switchboard = builder.build().start();
        log(String.format("Switchboard up on port %d (pid %d) after %.1f s", switchboard.port(), switchboard.pid(),
                (System.nanoTime() - started) / 1e9));
        return switchboard;
    }

    private record Setup(DeskSetup.Channel channel, long label, long rule) {
    }

    /**
     * A group, a sync custom channel starting its chats there (short idle timeout, idle closure
     * closes the case), the stub bot of the group, and a time rule labelling cases closed for a while.
     */
    private Setup setUp(SwitchboardProcess switchboard, ChannelReceiver receiver, StubBot bot) {
        DeskClient admin = switchboard.admin();
        DeskSetup setup = new DeskSetup(admin);
        long group = setup.group("Soak bots");
        DeskSetup.Channel channel = setup.channel("Soak chat", "/hook/soak", receiver.url("/hook/soak"), group);
        receiver.secret(channel.webhookPath(), channel.secret());
        expect(200, admin.put("/api/custom_channels/" + channel.id() + ".json", Map.of("custom_channel", Map.of(
                "chat_idle_timeout", config.idleTimeout().toSeconds(), "chat_idle_status", "closed"))));
        DeskSetup.Bot stub = setup.bot("Soak stub bot", bot.url("/bot"), group);
        bot.connect(switchboard.baseUrl(), stub.token(), stub.secret());
        String tag = UUID.randomUUID().toString().substring(0, 8);
        long label = expect(201, admin.post("/api/labels.json", Map.of("label", Map.of("label_title", "soak-archived-" + tag))))
                .get("label").get("label_id").asLong();
        long rule = expect(201, admin.post("/api/rules.json", Map.of("rule", Map.of(
                "title", "Soak: label cases closed a while ago", "trigger", "time",
                "time", Map.of("since", "status_changed", "after_seconds", Math.max(1, config.timeRuleAfter().toSeconds())),
                "conditions_all", List.of(Map.of("field", "channel", "operator", "is", "value", channel.code()),
                        Map.of("field", "status", "operator", "is", "value", "closed"),
                        Map.of("field", "labels", "operator", "exclude", "value", List.of(label))),
                "conditions_any", List.of(),
                "actions", List.of(Map.of("type", "add_labels", "label_ids", List.of(label)))))))
                .get("rule").get("rule_id").asLong();
        report.put("channel", channel.code());
        log("channel " + channel.code() + " (idle timeout " + config.idleTimeout().toSeconds() + " s, scan every "
                + config.idleScan().toSeconds() + " s), bot " + stub.id() + ", time rule " + rule);
        return new Setup(channel, label, rule);
    }

    private static JsonNode expect(int status, DeskClient.Answer answer) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    private static Supplier<Connection> connect(PostgresServer postgres) {
        String url = postgres.database("switchboard");
        return () -> {
            try {
                return DriverManager.getConnection(url, PostgresServer.USER, PostgresServer.PASSWORD);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    // ---- the load -------------------------------------------------------------------------------

    private void load(SwitchboardProcess switchboard, ChannelReceiver receiver, FakeBotConnector connector, Setup setup,
            SoakSampler sampler) {
        CustomerClient customers = new CustomerClient(switchboard.baseUrl(), SwitchboardProcess.ADMIN_EMAIL,
                SwitchboardProcess.ADMIN_KEY, setup.channel().code(), ledger);
        SoakLoad load = new SoakLoad(config, ledger, customers, switchboard.baseUrl(), SwitchboardProcess.ADMIN_EMAIL,
                SwitchboardProcess.ADMIN_KEY);
        long start = System.nanoTime();
        loadStart = start;
        long deadline = start + config.duration().toNanos();
        report.put("load_started_at_run_second", SoakSampler.round(timeline.seconds(start)));
        log("load: " + config.rate() + " round trips/s offered" + (connector != null ? ", " + config.bfRate()
                + " Bot Framework messages/s" : "") + " for " + config.duration().toSeconds() + " s; a sample every "
                + config.sampleInterval().toSeconds() + " s");
        sampler.start(start, config.sampleInterval());
        List<Thread> threads = new ArrayList<>();
        threads.add(thread("soak-round-trips", () -> load.roundTrips(start, deadline)));
        if (connector != null) {
            String endpoint = switchboard.baseUrl() + "/channels/botframework/" + BOT_FRAMEWORK_BOT + "/messages";
            threads.add(thread("soak-bot-framework", () -> load.botFramework(connector, endpoint, start, deadline)));
        }
        threads.add(thread("soak-outages", () -> load.outages(receiver, start, deadline)));
        Thread progress = thread("soak-progress", () -> {
            while (System.nanoTime() < deadline) {
                SoakLoad.sleep(Duration.ofSeconds(60));
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                List<Map<String, Double>> sofar = sampler.samples();
                if (!sofar.isEmpty()) {
                    Map<String, Double> s = sofar.get(sofar.size() - 1);
                    log(String.format("t=%.0fs heap after GC %.1f MB, RSS %.0f MB, threads %.0f, files %.0f, "
                            + "answered %.1f/s p99 %.0f ms, parked %.0f, chats %.0f, db %.1f MB", s.getOrDefault("t_s", 0.0),
                            s.getOrDefault("heap_after_gc_mb", -1.0), s.getOrDefault("rss_mb", -1.0),
                            s.getOrDefault("threads", -1.0), s.getOrDefault("open_files", -1.0),
                            s.getOrDefault("answered_per_s", -1.0), s.getOrDefault("latency_p99_ms", -1.0),
                            s.getOrDefault("parked", -1.0), s.getOrDefault("active_chats", -1.0),
                            s.getOrDefault("db_mb", -1.0)));
                }
            }
        }, true);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        progress.interrupt();
        sampler.stopPeriodic();
        outages = load.outageList();
        report.put("load", load.counts());
        report.put("outages", outages);
        log("load done; waiting for the POSTs still unanswered");
        load.awaitPosts(CustomerClient.TIMEOUT.plusSeconds(5));
    }

    private static Thread thread(String name, Runnable body) {
        return thread(name, body, false);
    }

    private static Thread thread(String name, Runnable body, boolean daemon) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (RuntimeException e) {
                System.out.println("[soak] " + name + " failed: " + e);
                e.printStackTrace();
            }
        }, name);
        thread.setDaemon(daemon);
        thread.start();
        return thread;
    }

    // ---- the end --------------------------------------------------------------------------------

    private void finish(SwitchboardProcess switchboard, ChannelReceiver receiver, StubBot bot, SoakSampler sampler,
            Setup setup, Supplier<Connection> database) {
        log("draining: waiting for the answers still on their way");
        boolean drained = RoundTripDriver.awaitWhileProgressing(() -> bot.pending() == 0 && ledger.all().stream()
                .noneMatch(e -> e.expectsAnswer && e.accepted() && !e.answered()), ledger::answeredCount,
                config.drain(), config.drain().multipliedBy(10));
        if (!drained) {
            log("answers still missing after the drain");
        }
        // quiet: every chat ends by idle closure, every queue and retry drains
        Duration quiet = config.idleTimeout().plus(config.idleScan().multipliedBy(3)).plusSeconds(3);
        log("quiet for " + quiet.toSeconds() + " s: every chat should end, every queue drain");
        RoundTripDriver.await(() -> false, quiet);
        Map<String, Double> after = sampler.sampleNow(loadStart, "after quiet");
        report.put("after_quiet", after);
        after.forEach((name, value) -> {
            boolean mustBeEmpty = name.startsWith("queue.") || name.equals("parked") || name.equals("dead")
                    || name.equals("active_chats") || name.equals("rows.outbox") || name.equals("rows.parked_delivery")
                    || name.equals("rows.chat_active");
            if (mustBeEmpty && value > 0) {
                problems.add(name + " is " + value.longValue() + " after the quiet period (expected 0: did not drain)");
            }
        });

        long sent = 0;
        long accepted = 0;
        long answered = 0;
        long lost = 0;
        long answeredWithout2xx = 0;
        long bfAccepted = 0;
        for (Ledger.Entry e : ledger.all()) {
            if (!e.expectsAnswer) {
                if (e.accepted()) {
                    bfAccepted++;
                }
                continue;
            }
            if (e.sentAt == 0) {
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
        counts.put("refused", Ledger.refusals(ledger.all().stream().toList()));
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
        counts.put("bot_framework_messages_accepted", bfAccepted);
        report.put("counts", counts);
        report.put("receiver", receiver.counts());
        report.put("bot", bot.counts());
        report.put("latency_whole_run", PhaseSummary.latency(SoakLoad.PHASE, ledger).toMap());
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
            List<Map<String, Object>> stored = new ArrayList<>();
            check(stored, switchboard, setup.channel().code(), "c");
            if (config.bfRate() > 0) {
                check(stored, switchboard, "bf-" + BOT_FRAMEWORK_BOT, "b");
            }
            report.put("stored_check", stored);
        }
        if (database != null) {
            try (Connection connection = database.get()) {
                tables(SoakTables.count(connection));
            } catch (Exception e) {
                warnings.add("table counts not read: " + e);
            }
        }
    }

    private void check(List<Map<String, Object>> checks, SwitchboardProcess switchboard, String channel, String prefix) {
        log("reading back what channel " + channel + " stored");
        StoredCheck.Result result = StoredCheck.check(switchboard.admin(), channel, prefix, ledger, 4);
        checks.add(result.toMap());
        problem(result.missing(), channel + ": accepted customer messages not stored");
        problem(result.storedTwice(), channel + ": customer messages stored more than once");
        log(channel + ": " + result.cases() + " cases, " + result.storedMessages() + " customer messages stored, "
                + result.missing() + " missing, " + result.storedTwice() + " twice");
    }

    private void tablesAfterStop(SwitchboardProcess switchboard) {
        try (Connection connection = SoakTables.h2(switchboard.dataDirectory())) {
            tables(SoakTables.count(connection));
        } catch (Exception e) {
            warnings.add("table counts not read from the embedded database: " + e);
        }
    }

    private void tables(Map<String, Long> counts) {
        report.put("tables_at_end", counts);
        log("tables at the end: " + counts);
        for (String table : List.of("outbox", "parked_delivery", "chat_active")) {
            if (counts.getOrDefault(table, 0L) > 0) {
                problems.add(table + " has " + counts.get(table) + " rows at the end (expected 0)");
            }
        }
    }

    /** How often each stable log code (SB-nnnn) and each level above INFO appears in Switchboard's log. */
    private Map<String, Long> logCodes(Path log) {
        Map<String, Long> codes = new java.util.TreeMap<>();
        java.util.regex.Pattern code = java.util.regex.Pattern.compile("\\b(SB-\\d{4})\\b");
        try (var lines = Files.lines(log)) {
            lines.forEach(line -> {
                java.util.regex.Matcher m = code.matcher(line);
                if (m.find()) {
                    codes.merge(m.group(1), 1L, Long::sum);
                }
                if (line.contains(" ERROR ")) {
                    codes.merge("ERROR lines", 1L, Long::sum);
                } else if (line.contains(" WARN ")) {
                    codes.merge("WARN lines", 1L, Long::sum);
                }
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            warnings.add("log not read: " + e);
        }
        if (codes.getOrDefault("SB-9001", 0L) > 0) {
            problems.add(codes.get("SB-9001") + " requests answered 500 (SB-9001 in the log)");
        }
        if (codes.getOrDefault("ERROR lines", 0L) > 0) {
            warnings.add(codes.get("ERROR lines") + " ERROR lines in " + runDirectory.relativize(log));
        }
        return codes;
    }

    private void judge() {
        checks = SoakTrend.judge(samples, config.rate(), config.dbBudget());
        List<Map<String, Object>> verdicts = new ArrayList<>();
        boolean judged = false;
        for (SoakTrend.Check check : checks) {
            verdicts.add(check.toMap());
            if (!check.verdict().equals("too short")) {
                judged = true;
            }
            if (check.grows()) {
                String text = check.metric() + " grows: median " + check.median2() + " -> " + check.median3()
                        + " (tolerance " + check.tolerance() + ")";
                if (check.failing() && config.judgeTrends()) {
                    problems.add(text);
                } else {
                    warnings.add(text);
                }
            }
        }
        report.put("trends", verdicts);
        if (!judged && config.judgeTrends()) {
            problems.add("too few samples to judge trends (at least " + SoakTrend.MIN_SAMPLES_PER_THIRD
                    + " per third: a longer soak.duration or a shorter soak.sample-interval)");
        }
    }

    private String verdict() {
        boolean grows = checks.stream().anyMatch(c -> c.grows() && c.failing());
        boolean lostSomething = problems.stream().anyMatch(p -> !p.contains(" grows: "));
        if (!config.judgeTrends()) {
            return lostSomething ? "FAILED (trends not judged)" : "OK (trends not judged)";
        }
        return grows || lostSomething ? "FAILED" : "FLAT";
    }

    private void problem(long count, String what) {
        if (count > 0) {
            problems.add(count + " " + what);
        }
    }

    // ---- the report -----------------------------------------------------------------------------

    private Result write(ChannelReceiver receiver) {
        Path reportFile = runDirectory.resolve("report.json");
        Path chart = runDirectory.resolve("chart.png");
        String verdict = verdict();
        report.put("verdict", verdict);
        report.put("problems", problems);
        report.put("samples_count", samples.size());
        report.put("warnings", warnings);
        printVerdicts(verdict);
        try {
            Files.writeString(runDirectory.resolve("samples.json"), Benchmark.JSON.writeValueAsString(samples));
            Files.writeString(reportFile, Benchmark.JSON.writeValueAsString(report));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receiver.writeCsv(runDirectory.resolve("deliveries.csv"), timeline);
        try {
            SoakChart.write(chart, samples, outages, "Switchboard soak, " + config.rate() + " round trips/s"
                    + (config.postgres() ? " (PostgreSQL)" : ""));
        } catch (RuntimeException e) {
            log("chart not written: " + e);
        }
        return new Result(runDirectory, reportFile, chart, verdict, List.copyOf(problems));
    }

    private void printVerdicts(String verdict) {
        System.out.println();
        System.out.printf("%-40s %12s %12s %10s %10s %12s  %s%n", "metric", "median 2/3", "median 3/3", "growth",
                "tolerance", "slope %/h", "verdict");
        for (SoakTrend.Check c : checks) {
            System.out.printf("%-40s %12s %12s %10s %10s %12s  %s%s%n", c.metric(), num(c.median2()), num(c.median3()),
                    num(c.growth()), num(c.tolerance()), num(c.slopePercentPerHour()), c.verdict(),
                    c.failing() ? "" : " (warning only)");
        }
        warnings.forEach(w -> System.out.println("warning: " + w));
        System.out.println("VERDICT: " + verdict + (problems.isEmpty() ? "" : " " + problems));
    }

    private static String num(double value) {
        return Double.isNaN(value) ? "-" : String.format(java.util.Locale.ROOT, "%.2f", value);
    }

    private Map<String, Object> method() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("heap", config.heapMode().equals("gc")
                ? "at each sample a full GC is requested through Jolokia (exec java.lang:type=Memory/gc), then "
                        + "java.lang:type=Memory/HeapMemoryUsage used is read: the live set"
                : "heap pools after the JVM's latest collection (java.lang:type=GarbageCollector,name=*/LastGcInfo)");
        map.put("trend_test", "samples cut into thirds by time; the first is warm-up; a metric grows when "
                + "median(last third) - median(second third) > max(relative * median(second third), absolute); "
                + "the database on its growth per 1,000 accepted messages in the last third (within the budget, "
                + "and not much above the second third's); "
                + "slope = least squares over the last two thirds, % of the mean per hour, for information");
        map.put("drained", "after the load and a quiet period (idle timeout + 3 scans + 3 s) queues, parked and "
                + "dead deliveries, running chats (and on PostgreSQL outbox and parked rows) must be 0; on H2 the "
                + "tables are counted after the stop");
        return map;
    }

    private Map<String, Object> configMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("duration_s", config.duration().toMillis() / 1000.0);
        map.put("rate_per_s", config.rate());
        map.put("bot_framework_rate_per_s", config.bfRate());
        map.put("sample_interval_s", config.sampleInterval().toMillis() / 1000.0);
        map.put("messages_per_conversation", config.minMessages() + ".." + config.maxMessages());
        map.put("think_s", config.thinkMin().toMillis() / 1000.0 + ".." + config.thinkMax().toMillis() / 1000.0);
        map.put("return_share", config.returnShare());
        map.put("attachment_share", config.attachmentShare());
        map.put("idle_timeout_s", config.idleTimeout().toSeconds());
        map.put("idle_scan_cron", config.idleScanCron());
        map.put("time_rule_after_s", config.timeRuleAfter().toSeconds());
        map.put("outage_every_s", config.outageEvery().toSeconds());
        map.put("outage_length_s", config.outageLength().toSeconds());
        map.put("db_budget_kb_per_1000_messages", config.dbBudget());
        map.put("postgres", config.postgres());
        map.put("heap", config.heapMode());
        map.put("jvm_options", config.jvmOpts());
        map.put("judge_trends", config.judgeTrends());
        return map;
    }

    private Map<String, Object> processMap(SwitchboardProcess switchboard) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("profile", config.postgres() ? "postgres" : "embedded (H2 + Artemis)");
        map.put("port", switchboard.port());
        map.put("cpu_seconds", PhaseSummary.round(switchboard.cpuSeconds()));
        map.put("peak_rss_mb", PhaseSummary.round(switchboard.peakRssBytes() / (1024.0 * 1024.0)));
        map.put("log", runDirectory.relativize(switchboard.log()).toString());
        map.put("load_generator_cpu_seconds", PhaseSummary.round(Benchmark.harnessCpuSeconds()));
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
        System.out.printf("[soak %7.1fs] %s%n", timeline.seconds(System.nanoTime()), text);
        System.out.flush();
    }
}
