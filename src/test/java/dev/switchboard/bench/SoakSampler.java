package dev.switchboard.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.support.DeskClient;

/**
 * The soak's samples, one every {@code sample-interval}: what must stay flat under a steady load.
 * Each sample is a map of metric name to value, with {@code t_s} (seconds since the load began):
 * <ul>
 * <li>{@code heap_after_gc_mb}: in {@code gc} mode (the default) a full GC is requested through
 * Jolokia ({@code exec java.lang:type=Memory/gc}, i.e. {@code System.gc()}, which is a stop-the-world
 * full collection with G1 and Serial) and the heap used is read right after it
 * ({@code java.lang:type=Memory/HeapMemoryUsage}): the live set. In {@code lastgc} mode nothing is
 * forced: the heap pools after the JVM's latest collection ({@code java.lang:type=GarbageCollector,name=*}
 * {@code /LastGcInfo}, memoryUsageAfterGc), which for a young collection still holds old garbage;</li>
 * <li>{@code heap_committed_mb}, {@code metaspace_mb}, {@code classes_loaded} (Jolokia), and from
 * /proc {@code rss_mb}, {@code threads}, {@code open_files}, {@code cpu_percent} (since the last sample);</li>
 * <li>{@code queue.<name>}: messages in each broker queue ({@link SwitchboardProcess#queueDepths()});</li>
 * <li>{@code parked} and {@code dead}: totals of {@code /api/deliveries/waiting.json} and {@code dead.json};
 * {@code active_chats}: total of {@code /api/chats.json} (running live chats);</li>
 * <li>{@code db_mb}, {@code artemis_mb}, {@code files_mb}: sizes on disk of the data directory's
 * {@code db/} (on PostgreSQL {@code pg_database_size}: without the write-ahead log), {@code artemis/}
 * and {@code files/};</li>
 * <li>on H2 {@code db_file_in_use_pct} and {@code db_chunks_live_pct}: the share of the file its
 * chunks take and the live share of the chunks (gauges {@code switchboard.h2.file.in.use},
 * {@code switchboard.h2.chunks.live}), which tell the file's slack from its data;</li>
 * <li>{@code rows.<table>}: row counts, only where the database can be read while Switchboard
 * runs (PostgreSQL; the embedded H2 file is locked by its process, so its counts are taken after the stop);</li>
 * <li>from the ledger: {@code accepted_total}, {@code answered_total}, {@code unanswered} (accepted,
 * answer not yet at the webhook), and for the answers that arrived since the last sample
 * {@code answered_per_s}, {@code latency_p50_ms}, {@code latency_p99_ms}.</li>
 * </ul>
 */
final class SoakSampler implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final SwitchboardProcess switchboard;
    private final Ledger ledger;
    private final String heapMode;
    private final Path dbDirectory;
    private final Supplier<Connection> database;
    private final DeskClient admin;
    private final List<Map<String, Double>> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "soak-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private double lastCpu;
    private long lastAt;
    private long lastAnsweredCount;
    private long windowFrom;

    /**
     * @param dbDirectory where the database keeps its files
     * @param database    a connection to Switchboard's database while it runs, or null when it cannot be read
     */
    SoakSampler(SwitchboardProcess switchboard, Ledger ledger, String heapMode, Path dbDirectory,
            Supplier<Connection> database) {
        this.switchboard = switchboard;
        this.ledger = ledger;
        this.heapMode = heapMode;
        this.dbDirectory = dbDirectory;
        this.database = database;
        this.admin = switchboard.admin();
    }

    /** Samples now, then every {@code interval}, from the sampler's own thread. */
    void start(long loadStart, Duration interval) {
        this.windowFrom = loadStart;
        this.lastAt = System.nanoTime();
        this.lastCpu = switchboard.cpuSeconds();
        timer.scheduleAtFixedRate(() -> sample(loadStart, null), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic samples (a sample under way is finished). */
    void stopPeriodic() {
        timer.shutdown();
        try {
            timer.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One sample now, from the caller's thread, tagged (e.g. after the quiet period at the end). */
    Map<String, Double> sampleNow(long loadStart, String tag) {
        return sample(loadStart, tag);
    }

    List<Map<String, Double>> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private synchronized Map<String, Double> sample(long loadStart, String tag) {
        Map<String, Double> s = new LinkedHashMap<>();
        try {
            long begun = System.nanoTime();
            s.put("t_s", round((begun - loadStart) / 1e9));
            if (tag != null) {
                s.put("final", 1.0);
            }
            heap(s);
            JsonNode metaspace = switchboard.jolokiaRead("java.lang:type=MemoryPool,name=Metaspace/Usage");
            if (metaspace.has("used")) {
                s.put("metaspace_mb", mb(metaspace.get("used").asLong()));
            }
            JsonNode classes = switchboard.jolokiaRead("java.lang:type=ClassLoading/LoadedClassCount");
            if (classes.isNumber()) {
                s.put("classes_loaded", classes.asDouble());
            }
            long now = System.nanoTime();
            double cpu = switchboard.cpuSeconds();
            s.put("cpu_percent", round(100 * (cpu - lastCpu) / Math.max(1e-3, (now - lastAt) / 1e9)));
            lastCpu = cpu;
            lastAt = now;
            s.put("rss_mb", mb(switchboard.rssBytes()));
            s.put("threads", (double) switchboard.threads());
            s.put("open_files", (double) switchboard.openFiles());
            switchboard.queueDepths().forEach((queue, depth) -> s.put("queue." + queue, depth.doubleValue()));
            total(s, "parked", "/api/deliveries/waiting.json?limit=1");
            total(s, "dead", "/api/deliveries/dead.json?limit=1");
            total(s, "active_chats", "/api/chats.json?limit=1");
            if (database == null) {
                s.put("db_mb", mb(size(dbDirectory)));
                h2Share(s, "db_file_in_use_pct", "switchboard.h2.file.in.use");
                h2Share(s, "db_chunks_live_pct", "switchboard.h2.chunks.live");
            }
            s.put("artemis_mb", mb(size(switchboard.dataDirectory().resolve("artemis"))));
            s.put("files_mb", mb(size(switchboard.dataDirectory().resolve("files"))));
            if (database != null) {
                try (Connection connection = database.get()) {
                    s.put("db_mb", mb(SoakTables.postgresSize(connection)));
                    SoakTables.count(connection).forEach((table, rows) -> s.put("rows." + table, rows.doubleValue()));
                } catch (Exception unreadable) {
                    // no row counts in this sample
                }
            }
            ledgerFigures(s, System.nanoTime());
            s.put("sample_ms", round((System.nanoTime() - begun) / 1e6));
        } catch (RuntimeException e) {
            System.out.println("[soak] sample incomplete: " + e);
        }
        synchronized (samples) {
            samples.add(s);
        }
        return s;
    }

    private void heap(Map<String, Double> s) {
        if (heapMode.equals("gc")) {
            long before = System.nanoTime();
            if (jolokiaExec("java.lang:type=Memory/gc")) {
                s.put("gc_ms", round((System.nanoTime() - before) / 1e6));
                JsonNode heap = switchboard.jolokiaRead("java.lang:type=Memory/HeapMemoryUsage");
                if (heap.has("used")) {
                    s.put("heap_after_gc_mb", mb(heap.get("used").asLong()));
                    s.put("heap_committed_mb", mb(heap.get("committed").asLong()));
                }
            }
            return;
        }
        JsonNode heap = switchboard.jolokiaRead("java.lang:type=Memory/HeapMemoryUsage");
        if (heap.has("committed")) {
            s.put("heap_committed_mb", mb(heap.get("committed").asLong()));
        }
        // the collector that ran last: its pools after the collection, heap pools only
        JsonNode collectors = switchboard.jolokiaRead("java.lang:type=GarbageCollector,name=*/LastGcInfo");
        JsonNode latest = null;
        for (Iterator<JsonNode> it = collectors.elements(); it.hasNext();) {
            JsonNode info = it.next().path("LastGcInfo");
            if (info.has("endTime") && (latest == null || info.get("endTime").asLong() > latest.get("endTime").asLong())) {
                latest = info;
            }
        }
        if (latest != null) {
            long used = 0;
            for (Iterator<Map.Entry<String, JsonNode>> it = latest.path("memoryUsageAfterGc").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> pool = it.next();
                String name = pool.getKey();
                if (!name.contains("Metaspace") && !name.contains("Class Space") && !name.contains("CodeHeap")
                        && !name.contains("Code Cache")) {
                    used += pool.getValue().path("used").asLong();
                }
            }
            s.put("heap_after_gc_mb", mb(used));
        }
    }

    /** A share the embedded database's housekeeping measures, once it has (its gauges are -1 before). */
    private void h2Share(Map<String, Double> s, String name, String gauge) {
        double percent = switchboard.gauge(gauge);
        if (percent >= 0) {
            s.put(name, percent);
        }
    }

    private void total(Map<String, Double> s, String name, String path) {
        DeskClient.Answer answer = admin.get(path);
        if (answer.status() == 200 && answer.json() != null && answer.json().has("total_count")) {
            s.put(name, answer.json().get("total_count").asDouble());
        }
    }

    private void ledgerFigures(Map<String, Double> s, long now) {
        long accepted = 0;
        long answered = 0;
        long unanswered = 0;
        List<Long> window = new ArrayList<>();
        for (Ledger.Entry e : ledger.all()) {
            if (!e.accepted()) {
                continue;
            }
            accepted++;
            if (!e.expectsAnswer) {
                continue;
            }
            if (e.answered()) {
                answered++;
                if (e.answeredAt > windowFrom && e.answeredAt <= now) {
                    window.add(e.answeredAt - e.acceptedAt);
                }
            } else {
                unanswered++;
            }
        }
        s.put("accepted_total", (double) accepted);
        s.put("answered_total", (double) answered);
        s.put("unanswered", (double) unanswered);
        double seconds = Math.max(1e-3, (now - windowFrom) / 1e9);
        s.put("window_s", round(seconds));
        s.put("answered_per_s", round((answered - lastAnsweredCount) / seconds));
        Percentiles latency = Percentiles.of(window.stream().mapToLong(Long::longValue).toArray());
        s.put("latency_p50_ms", latency.p50());
        s.put("latency_p99_ms", latency.p99());
        lastAnsweredCount = answered;
        windowFrom = now;
    }

    /** A Jolokia operation without arguments, as the administrator (with the console's CSRF token); true when it ran. */
    private boolean jolokiaExec(String mbeanAndOperation) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(switchboard.baseUrl() + "/actuator/jolokia/exec/"
                    + mbeanAndOperation)).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (SwitchboardProcess.ADMIN_EMAIL + ":" + SwitchboardProcess.ADMIN_KEY)
                                    .getBytes(StandardCharsets.UTF_8)))
                    .header("Cookie", "XSRF-TOKEN=soak").header("X-XSRF-TOKEN", "soak").GET().build();
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 && DeskClient.JSON.readTree(answer.body()).path("status").asInt() == 200;
        } catch (IOException | RuntimeException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Bytes of the regular files under a directory (0 when it does not exist). */
    static long size(Path directory) {
        if (directory == null || !Files.isDirectory(directory)) {
            return 0;
        }
        long[] total = {0};
        try (var files = Files.walk(directory)) {
            files.forEach(file -> {
                try {
                    if (Files.isRegularFile(file)) {
                        total[0] += Files.size(file);
                    }
                } catch (IOException goneMeanwhile) {
                    // a journal file removed while walking
                }
            });
        } catch (IOException | RuntimeException e) {
            // counted as far as it got
        }
        return total[0];
    }

    private static double mb(long bytes) {
        return round(bytes / (1024.0 * 1024.0));
    }

    static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
