package dev.switchboard.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

import dev.switchboard.support.DeskClient;

/**
 * The crash test of issue 6: under a steady load of many conversations doing the bot round trip
 * (customer message through the desk API on a custom channel -> native bot event to the
 * {@link StubBot} -> the bot answers through the bot API -> the answer at the channel's
 * {@link ChannelReceiver}), Switchboard — a JVM of its own, {@link SwitchboardProcess} — is killed
 * with SIGKILL at random moments and started again on the same data while the load goes on. Then
 * it checks:
 * <ul>
 * <li>every customer message whose POST got a 2xx is stored in its case exactly once
 * ({@link StoredCheck}, {@link CrashReadBack});</li>
 * <li>every such message got a bot event (it survived the crash), and an answer at the receiver;
 * every answer the bot API accepted reached the receiver; copies only with the same delivery id;
 * per conversation, answers arrive in the order they were accepted;</li>
 * <li>the bot saw no message twice except as a redelivery with the same delivery id.</li>
 * </ul>
 * POSTs in flight when the process dies fail: not accepted, not lost; when such a message was
 * stored anyway it is counted as "stored without 2xx" (allowed). The stub bot tries its
 * {@code send_message} again after a connection error, so an answer whose first call was committed
 * but lost its answer in the crash can be stored twice: counted apart as "bot answer stored twice
 * after an unacknowledged call" (allowed: the bot API has no idempotency key).
 * <p>
 * Run it with {@code mvn -Pcrash verify} (see README); settings are {@code crash.*} system
 * properties ({@link CrashConfig}). Writes {@code report.json}, {@code messages.csv} and
 * {@code deliveries.csv} (and Switchboard's logs, one per start) under
 * {@code target/crash/<timestamp>/}; exits 1 when something accepted was lost, duplicated without
 * the same delivery id, or reordered.
 */
public final class CrashTest {

    private static final String PREFIX = "c";

    private final CrashConfig config;
    private final Path runDirectory;
    private final Timeline timeline = new Timeline(System.nanoTime());
    private final Ledger ledger = new Ledger(timeline);
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final Map<String, Object> counts = new LinkedHashMap<>();
    private final List<Map<String, Object>> kills = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> samples = new ArrayList<>();
    private final long seed;
    private final Random random;

    CrashTest(CrashConfig config) {
        this.config = config;
        this.runDirectory = config.newRunDirectory();
        this.seed = config.seed() != 0 ? config.seed() : new Random().nextLong();
        this.random = new Random(seed);
    }

    public static void main(String[] args) {
        // before any JDK HTTP server of this JVM exists (see LoopbackServer)
        System.setProperty("sun.net.httpserver.nodelay", "true");
        CrashTest test = new CrashTest(CrashConfig.fromSystemProperties());
        Result result = test.run();
        System.out.println();
        result.counts().forEach((name, value) -> System.out.printf("  %-58s %s%n", name, value));
        System.out.println();
        System.out.println("report: " + result.report());
        if (!result.problems().isEmpty()) {
            System.out.println("PROBLEMS:");
            result.problems().forEach(p -> System.out.println("  " + p));
            System.exit(1);
        }
        System.out.println("nothing accepted was lost, duplicated without its delivery id, or reordered");
        System.exit(0);
    }

    /** Where the run wrote its files, its counts, and what went wrong (empty: nothing). */
    record Result(Path directory, Path report, List<String> problems, Map<String, Object> counts) {
    }

    Result run() {
        try {
            Files.createDirectories(runDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log("run directory " + runDirectory);
        report.put("started_at", OffsetDateTime.now().toString());
        report.put("config", config.toMap(seed));
        report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(),
                "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        report.put("counts", counts);
        report.put("kills", kills);

        PostgresServer postgres = null;
        SwitchboardProcess switchboard = null;
        ChannelReceiver receiver = new ChannelReceiver(ledger, 16);
        StubBot bot = new StubBot(ledger, 16);
        // through any restart: a call the bot could not make is made once Switchboard is back
        bot.retryFor(Duration.ofMinutes(10));
        CrashLoad load = null;
        try {
            if (config.postgres()) {
                log("starting PostgreSQL");
                postgres = PostgresServer.start(runDirectory.resolve("postgres"));
            }
            SwitchboardProcess.Builder builder = SwitchboardProcess.in(runDirectory).jvmOptions(config.jvmOpts());
            if (postgres != null) {
                builder.postgres(new SwitchboardProcess.Database(postgres.database("switchboard"), PostgresServer.USER,
                        PostgresServer.PASSWORD));
            }
            log("starting Switchboard" + (postgres != null ? " on PostgreSQL" : " (embedded H2 and Artemis)"));
            switchboard = builder.build();
            long started = System.nanoTime();
            switchboard.start();
            log(String.format(Locale.ROOT, "Switchboard up on port %d (pid %d) after %.1f s", switchboard.port(),
                    switchboard.pid(), (System.nanoTime() - started) / 1e9));

            DeskSetup setup = new DeskSetup(switchboard.admin());
            long group = setup.group("Crash bots");
            DeskSetup.Channel chat = setup.channel("Crash chat", "/hook/chat", receiver.url("/hook/chat"), group);
            receiver.secret(chat.webhookPath(), chat.secret());
            DeskSetup.Bot stub = setup.bot("Crash stub bot", bot.url("/bot"), group);
            bot.connect(switchboard.baseUrl(), stub.token(), stub.secret());
            report.put("channel", chat.code());

            CustomerClient customers = new CustomerClient(switchboard.baseUrl(), SwitchboardProcess.ADMIN_EMAIL,
                    SwitchboardProcess.ADMIN_KEY, chat.code(), ledger);
            ConversationPool pool = new ConversationPool(ledger, PREFIX, config.conversations(), config.messages());
            load = new CrashLoad(ledger, customers, pool, switchboard.baseUrl());
            log(String.format(Locale.ROOT, "load: %d messages/s over %d conversations of %d messages for %d s, %d kills",
                    config.rate(), config.conversations(), config.messages(), config.duration().toSeconds(),
                    config.kills()));
            load.start(config.rate(), Math.max(100, config.rate() * 10));
            killAndRestart(switchboard, load, bot);
            log("load ends");
            if (!load.stop(CustomerClient.TIMEOUT.plusSeconds(5))) {
                log(load.outstanding() + " POSTs still open");
            }
            drain(receiver, bot, () -> ledger.all().stream().noneMatch(e -> (e.accepted() || e.replyAcceptedAt != 0)
                    && !e.answered()));
            check(switchboard, receiver, bot, load, chat.code());
        } catch (RuntimeException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            report.put("error", trace.toString());
            problems.add("the run did not complete: " + e);
            log("the run did not complete: " + trace);
        } finally {
            if (load != null) {
                load.stop(Duration.ofSeconds(5));
                report.put("load", load.counts());
            }
            if (switchboard != null) {
                switchboard.stop();
                report.put("switchboard", Map.of("profile", config.postgres() ? "postgres" : "embedded (H2 + Artemis)",
                        "port", switchboard.port(), "starts", switchboard.starts(),
                        "cpu_seconds", PhaseSummary.round(switchboard.cpuSeconds()),
                        "peak_rss_mb", PhaseSummary.round(switchboard.peakRssBytes() / (1024.0 * 1024.0))));
            }
            receiver.close();
            bot.close();
            if (postgres != null) {
                postgres.close();
            }
        }
        report.put("logs", logSummary());
        report.put("problems", problems);
        report.put("samples", samples);
        return write(receiver);
    }

    // ---- the kills ------------------------------------------------------------------------------

    /**
     * The load window is cut into one slot per kill; each kill falls at a random moment of its slot,
     * but never sooner than {@code min-uptime} after the process was up again. After the last
     * restart the load goes on to the end of the window (at least {@code min-uptime}).
     */
    private void killAndRestart(SwitchboardProcess switchboard, CrashLoad load, StubBot bot) {
        long loadStart = System.nanoTime();
        long slot = config.duration().toNanos() / Math.max(1, config.kills());
        long upSince = loadStart;
        for (int i = 0; i < config.kills(); i++) {
            long target = loadStart + slot * i + (long) (slot * (0.1 + 0.8 * random.nextDouble()));
            sleepUntil(Math.max(target, upSince + config.minUptime().toNanos()));
            Map<String, Object> kill = new LinkedHashMap<>();
            kill.put("kill", i + 1);
            kill.put("at_s", PhaseSummary.round(seconds()));
            kill.put("pid", switchboard.pid());
            kill.put("accepted_before", ledger.all().stream().filter(Ledger.Entry::accepted).count());
            kill.put("answered_before", ledger.answeredCount());
            kill.put("posts_in_flight", load.outstanding());
            kill.put("bot_answers_pending", bot.pending());
            timeline.count("kill", System.nanoTime());
            switchboard.kill();
            log("kill " + (i + 1) + ": SIGKILL to pid " + kill.get("pid") + " with " + kill.get("posts_in_flight")
                    + " POSTs in flight and " + kill.get("bot_answers_pending") + " bot answers pending");
            long restart = System.nanoTime();
            try {
                switchboard.start();
            } catch (RuntimeException e) {
                kill.put("restart", "failed: " + e.getMessage());
                kills.add(kill);
                throw new IllegalStateException("Switchboard did not start again after kill " + (i + 1), e);
            }
            upSince = System.nanoTime();
            kill.put("restart_s", PhaseSummary.round((upSince - restart) / 1e9));
            kill.put("new_pid", switchboard.pid());
            kills.add(kill);
            log(String.format(Locale.ROOT, "restarted as pid %d after %.1f s", switchboard.pid(),
                    (upSince - restart) / 1e9));
        }
        sleepUntil(Math.max(loadStart + config.duration().toNanos(), upSince + config.minUptime().toNanos()));
    }

    /** Waits while answers keep coming until {@code done} holds; gives up after {@code drain} without progress. */
    private boolean drain(ChannelReceiver receiver, StubBot bot, java.util.function.BooleanSupplier done) {
        log("waiting for the answers still on their way");
        boolean settled = RoundTripDriver.awaitWhileProgressing(() -> bot.pending() == 0 && done.getAsBoolean(),
                () -> receiver.received() * 1_000_003L + bot.pending(), config.drain(), config.drain().multipliedBy(20));
        if (!settled) {
            log("still missing after " + config.drain().toSeconds() + " s without progress");
        }
        return settled;
    }

    // ---- the checks -----------------------------------------------------------------------------

    private void check(SwitchboardProcess switchboard, ChannelReceiver receiver, StubBot bot, CrashLoad load,
            String channel) {
        DeskClient admin = switchboard.admin();
        log("reading back what channel " + channel + " stored");
        StoredCheck.Result stored = StoredCheck.check(admin, channel, PREFIX, ledger, 4);
        CrashReadBack.Stored back = CrashReadBack.read(admin, channel, 4);
        // messages stored without a 2xx get their answers too: wait for them as well
        List<Ledger.Entry> storedUnacknowledged = ledger.all().stream()
                .filter(e -> !e.accepted() && back.customerCases().containsKey(e.key)).toList();
        if (storedUnacknowledged.stream().anyMatch(e -> !e.answered())) {
            drain(receiver, bot, () -> storedUnacknowledged.stream().allMatch(Ledger.Entry::answered));
        }
        report.put("stored_check", stored.toMap());

        Map<String, Conversation> conversations = new HashMap<>();
        load.conversations().forEach(c -> conversations.put(c.name(), c));
        Set<String> sentAgain = bot.sentAgainAfterNoAnswer();
        long sent = 0;
        long accepted = 0;
        long notAcceptedNoAnswer = 0;
        long notAcceptedRefused = 0;
        long storedWithout2xx = 0;
        long storedWithout2xxUnanswered = 0;
        long answeredWithout2xx = 0;
        long notStored = 0;
        long inAnotherCase = 0;
        long noBotEvent = 0;
        long botAnswerNotAccepted = 0;
        long unanswered = 0;
        long answersAccepted = 0;
        long answersDelivered = 0;
        long answersLost = 0;
        long deliveredTwiceAfterRetry = 0;
        long deliveredTwiceOtherwise = 0;
        long storedTwiceAfterRetry = 0;
        long storedTwiceOtherwise = 0;
        long lost = 0;
        for (Ledger.Entry e : ledger.all()) {
            if (!e.key.startsWith(PREFIX) || e.sentAt == 0) {
                continue;
            }
            sent++;
            List<Long> cases = back.customerCases().get(e.key);
            boolean isStored = cases != null && !cases.isEmpty();
            boolean keyLost = false;
            if (e.accepted()) {
                accepted++;
                if (!isStored) {
                    notStored++;
                    keyLost = true;
                    sample("accepted, not stored: " + e.key);
                } else if (e.eventAt == 0) {
                    noBotEvent++;
                    keyLost = true;
                    sample("accepted and stored, the bot never got it: " + e.key);
                } else if (e.replyAcceptedAt == 0) {
                    botAnswerNotAccepted++;
                    keyLost = true;
                    sample("the bot's answer was never accepted: " + e.key);
                }
                if (!e.answered()) {
                    unanswered++;
                    keyLost = true;
                }
            } else {
                if (e.status == 0) {
                    notAcceptedNoAnswer++;
                } else {
                    notAcceptedRefused++;
                }
                if (isStored) {
                    storedWithout2xx++;
                    if (!e.answered()) {
                        storedWithout2xxUnanswered++;
                        keyLost = true;
                        sample("stored without 2xx, never answered: " + e.key);
                    }
                }
                if (e.answered()) {
                    answeredWithout2xx++;
                }
            }
            Conversation conversation = conversations.get(Conversation.conversationOf(e.key));
            if (isStored && conversation != null && conversation.open()
                    && cases.stream().anyMatch(id -> id != conversation.caseId())) {
                inAnotherCase++;
                sample(e.key + " stored in cases " + cases + ", its conversation's case is " + conversation.caseId());
            }
            if (e.replyAcceptedAt != 0) {
                answersAccepted++;
                if (e.answered()) {
                    answersDelivered++;
                } else {
                    answersLost++;
                    keyLost = true;
                    sample("answer accepted by the bot API, never delivered: " + e.key);
                }
            }
            AtomicInteger storedAnswers = back.answers().get(e.key);
            int answersStored = storedAnswers == null ? 0 : storedAnswers.get();
            if (answersStored > 1) {
                if (sentAgain.contains(e.key)) {
                    storedTwiceAfterRetry++;
                } else {
                    storedTwiceOtherwise++;
                    sample("bot answer stored " + answersStored + " times: " + e.key);
                }
            }
            // each stored answer is one delivery: more deliveries than answers stored is a copy with a new id
            if (e.answers.get() > 1) {
                if (sentAgain.contains(e.key) && e.answers.get() <= answersStored) {
                    deliveredTwiceAfterRetry++;
                } else {
                    deliveredTwiceOtherwise++;
                    sample("answered by " + e.answers.get() + " different deliveries, " + answersStored
                            + " answers stored: " + e.key);
                }
            }
            if (keyLost) {
                lost++;
            }
        }
        long storedMessages = back.customerCases().values().stream().mapToLong(List::size).sum();
        counts.put("customer_messages_sent", sent);
        counts.put("accepted", accepted);
        counts.put("not_accepted_no_answer", notAcceptedNoAnswer);
        counts.put("not_accepted_refused", notAcceptedRefused);
        counts.put("stored", storedMessages);
        counts.put("stored_accepted", accepted - notStored);
        counts.put("stored_without_2xx", storedWithout2xx);
        counts.put("stored_more_than_once", stored.storedTwice());
        counts.put("stored_in_another_case", inAnotherCase);
        counts.put("accepted_but_not_stored", notStored);
        counts.put("accepted_without_bot_event", noBotEvent);
        counts.put("accepted_bot_answer_never_accepted", botAnswerNotAccepted);
        counts.put("accepted_unanswered", unanswered);
        counts.put("answered_without_2xx", answeredWithout2xx);
        counts.put("stored_without_2xx_unanswered", storedWithout2xxUnanswered);
        counts.put("bot_answers_accepted", answersAccepted);
        counts.put("delivered", answersDelivered);
        counts.put("bot_answers_accepted_not_delivered", answersLost);
        counts.put("deliveries_received", receiver.received());
        counts.put("duplicates_by_delivery_id", receiver.copies());
        counts.put("answered_twice_after_unacknowledged_send_message", deliveredTwiceAfterRetry);
        counts.put("answered_twice_otherwise", deliveredTwiceOtherwise);
        counts.put("bot_answer_stored_twice_after_unacknowledged_send_message", storedTwiceAfterRetry);
        counts.put("bot_answer_stored_twice_otherwise", storedTwiceOtherwise);
        counts.put("send_message_sent_again_after_no_answer", sentAgain.size());
        counts.put("order_violations", receiver.orderViolations());
        counts.put("unknown_deliveries", receiver.unknown());
        counts.put("bad_signatures", receiver.badSignatures() + bot.badSignatures());
        counts.put("bot_event_copies_by_delivery_id", bot.eventCopies());
        counts.put("bot_messages_shown_twice", bot.messagesShownAgain());
        counts.put("bot_send_message_failures", bot.failures());
        counts.put("lost", lost);

        Map<String, Object> end = new LinkedHashMap<>();
        DeskClient.Answer dead = admin.get("/api/deliveries/dead.json?limit=100");
        DeskClient.Answer waiting = admin.get("/api/deliveries/waiting.json?limit=100");
        long deadLetters = dead.json().path("total_count").asLong(-1);
        end.put("dead_letters", deadLetters);
        end.put("waiting_deliveries", waiting.json().path("total_count").asLong(-1));
        end.put("queue_depths", switchboard.queueDepths());
        if (deadLetters > 0) {
            end.put("dead_letter_sample", dead.json().path("0"));
        }
        report.put("at_the_end", end);
        counts.put("dead_letters", deadLetters);
        report.put("receiver", receiver.counts());
        report.put("bot", bot.counts());

        problem(notStored, "accepted customer messages not stored (lost)");
        problem(stored.storedTwice(), "customer messages stored more than once");
        problem(inAnotherCase, "customer messages stored in another case than their conversation's");
        problem(noBotEvent, "accepted customer messages the bot never got an event for (lost)");
        problem(botAnswerNotAccepted, "accepted customer messages whose bot answer the bot API never accepted");
        problem(unanswered, "accepted customer messages without an answer at the receiver");
        problem(storedWithout2xxUnanswered, "customer messages stored (without a 2xx) whose event or answer was lost");
        problem(answersLost, "bot answers accepted by the bot API that never reached the receiver (lost)");
        problem(deliveredTwiceOtherwise, "customer messages answered by different deliveries (more than the answers stored, or not a retried call)");
        problem(storedTwiceOtherwise, "bot answers stored more than once (not a retried call)");
        // the stub bot sends an Idempotency-Key with every try: a retried call must be applied once
        problem(storedTwiceAfterRetry, "bot answers stored twice although their calls carried one Idempotency-Key");
        problem(receiver.orderViolations(), "answers out of their conversation's order");
        problem(receiver.unknown(), "deliveries that answer no customer message");
        problem(receiver.badSignatures() + bot.badSignatures(), "deliveries with a bad signature");
        problem(bot.messagesShownAgain(), "customer messages shown to the bot twice (different delivery ids)");
        problem(deadLetters, "deliveries dead-lettered");
    }

    private void problem(long count, String what) {
        if (count > 0) {
            problems.add(count + " " + what);
        }
    }

    private void sample(String text) {
        if (samples.size() < 50) {
            samples.add(text);
        }
    }

    // ---- the end --------------------------------------------------------------------------------

    /** Per start: its log, how many WARN and ERROR lines, the first ERROR lines. */
    private List<Map<String, Object>> logSummary() {
        List<Map<String, Object>> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDirectory)) {
            for (Path log : files.filter(p -> p.getFileName().toString().matches("switchboard-\\d+\\.log")).sorted(
                    java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()
                            .replaceAll("\\D", "")))).toList()) {
                long warn = 0;
                long error = 0;
                List<String> firstErrors = new ArrayList<>();
                Map<String, Long> codes = new java.util.TreeMap<>();
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.contains(" WARN ")) {
                        warn++;
                    }
                    if (line.contains(" ERROR ")) {
                        error++;
                        if (firstErrors.size() < 5) {
                            firstErrors.add(line.length() > 400 ? line.substring(0, 400) + "..." : line);
                        }
                    }
                    java.util.regex.Matcher code = java.util.regex.Pattern.compile("SB-\\d{4}").matcher(line);
                    if (code.find()) {
                        codes.merge(code.group(), 1L, Long::sum);
                    }
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("log", log.getFileName().toString());
                entry.put("warn_lines", warn);
                entry.put("error_lines", error);
                entry.put("codes", codes);
                entry.put("first_errors", firstErrors);
                logs.add(entry);
            }
        } catch (IOException | RuntimeException e) {
            logs.add(Map.of("unreadable", e.toString()));
        }
        return logs;
    }

    private Result write(ChannelReceiver receiver) {
        Path reportFile = runDirectory.resolve("report.json");
        try {
            Files.writeString(reportFile, Benchmark.JSON.writeValueAsString(report));
            writeMessages(runDirectory.resolve("messages.csv"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        receiver.writeCsv(runDirectory.resolve("deliveries.csv"), timeline);
        return new Result(runDirectory, reportFile, List.copyOf(problems), new LinkedHashMap<>(counts));
    }

    /** Every customer message: its times (seconds of the run, empty when it did not happen) and outcome. */
    private void writeMessages(Path file) throws IOException {
        List<Ledger.Entry> entries = new ArrayList<>(ledger.all());
        entries.sort(java.util.Comparator.comparingLong(e -> e.sentAt));
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("key,sent_s,status,accepted_s,bot_event_s,answer_accepted_s,answered_s,answers,error\n");
            for (Ledger.Entry e : entries) {
                out.write(String.join(",", e.key, time(e.sentAt), Integer.toString(e.status), time(e.acceptedAt),
                        time(e.eventAt), time(e.replyAcceptedAt), time(e.answeredAt), Integer.toString(e.answers.get()),
                        e.error == null ? "" : '"' + e.error.replace('"', '\'').replaceAll("\\s+", " ") + '"'));
                out.write('\n');
            }
        }
    }

    private String time(long nanos) {
        return nanos == 0 ? "" : String.format(Locale.ROOT, "%.3f", timeline.seconds(nanos));
    }

    private double seconds() {
        return timeline.seconds(System.nanoTime());
    }

    private static void sleepUntil(long nanos) {
        long wait;
        while ((wait = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    private void log(String text) {
        System.out.printf(Locale.ROOT, "[crash %7.1fs] %s%n", seconds(), text);
        System.out.flush();
    }
}
