package dev.switchboard.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import com.fasterxml.jackson.databind.JsonNode;

import dev.switchboard.SwitchboardApplication;
import dev.switchboard.support.DeskClient;

/**
 * Switchboard in a JVM of its own, so its CPU and memory can be measured and it can be killed
 * with SIGKILL and started again on the same data: {@code java <jvm options> -cp <this JVM's
 * class path, without the test classes> dev.switchboard.SwitchboardApplication}. Works from
 * Surefire and from exec:exec without the packaged jar; the stock routes come from the class path.
 * <p>
 * Each {@link #start()} writes its console to {@code switchboard-<n>.log} (and, with JFR on, its
 * profile to {@code switchboard-<n>.jfr}) in the run's directory. The port, data directory and
 * database stay the same across starts.
 */
final class SwitchboardProcess implements AutoCloseable {

    static final String ADMIN_EMAIL = "bench-admin@switchboard.local";
    static final String ADMIN_KEY = "bench-admin-key-0123456789abcdef";

    /** A database Switchboard runs on instead of the embedded H2 one (the {@code postgres} profile). */
    record Database(String url, String user, String password) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final long CLOCK_TICKS = clockTicks();

    private final Path runDirectory;
    private final Path dataDirectory;
    private final int port;
    private final List<String> jvmOptions;
    private final Map<String, String> properties;
    private final Database database;
    private final boolean jfr;
    private final Duration startTimeout;

    private Process process;
    private int starts;
    private Path log;
    private Path jfrFile;
    private final List<Path> jfrFiles = new ArrayList<>();
    private long peakRssOfEarlierStarts;
    private double cpuOfEarlierStarts;

    private SwitchboardProcess(Builder builder) {
        this.runDirectory = builder.runDirectory;
        this.dataDirectory = builder.dataDirectory != null ? builder.dataDirectory : builder.runDirectory.resolve("data");
        this.port = builder.port > 0 ? builder.port : freePort();
        this.jvmOptions = List.copyOf(builder.jvmOptions);
        this.properties = new LinkedHashMap<>(builder.properties);
        this.database = builder.database;
        this.jfr = builder.jfr;
        this.startTimeout = builder.startTimeout;
    }

    static Builder in(Path runDirectory) {
        return new Builder(runDirectory);
    }

    static final class Builder {
        private final Path runDirectory;
        private Path dataDirectory;
        private int port;
        private final List<String> jvmOptions = new ArrayList<>();
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Database database;
        private boolean jfr;
        private Duration startTimeout = Duration.ofMinutes(3);

        private Builder(Path runDirectory) {
            this.runDirectory = runDirectory;
        }

        /** Default: {@code <run directory>/data}. */
        Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** Default: a free port, chosen once and kept across restarts. */
        Builder port(int port) {
            this.port = port;
            return this;
        }

        Builder jvmOptions(List<String> options) {
            jvmOptions.addAll(options);
            return this;
        }

        /** A Spring property for the process ({@code -Dname=value}). */
        Builder property(String name, String value) {
            properties.put(name, value);
            return this;
        }

        /** Runs on the {@code postgres} profile against this database. */
        Builder postgres(Database database) {
            this.database = database;
            return this;
        }

        /** Records a JFR profile ({@code settings=profile}), written when the process stops gracefully. */
        Builder jfr(boolean jfr) {
            this.jfr = jfr;
            return this;
        }

        Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        SwitchboardProcess build() {
            return new SwitchboardProcess(this);
        }
    }

    // ---- life cycle -----------------------------------------------------------------------------

    /** Starts the process (again, on the same data, if it ran before) and waits until its health is UP. */
    synchronized SwitchboardProcess start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running as pid " + process.pid());
        }
        starts++;
        try {
            Files.createDirectories(runDirectory);
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log = runDirectory.resolve("switchboard-" + starts + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        if (jfr) {
            jfrFile = runDirectory.resolve("switchboard-" + starts + ".jfr");
            jfrFiles.add(jfrFile);
            // whole stacks: a request's are deeper than JFR's default 64 frames, which would cut off
            // the controller and filters a sample ran under
            command.add("-XX:FlightRecorderOptions=stackdepth=512");
            command.add("-XX:StartFlightRecording=filename=" + jfrFile + ",settings=profile,dumponexit=true");
        }
        properties.forEach((name, value) -> command.add("-D" + name + "=" + value));
        command.add("-cp");
        command.add(String.join(File.pathSeparator, applicationClassPath()));
        command.add(SwitchboardApplication.class.getName());

        ProcessBuilder builder = new ProcessBuilder(command).directory(runDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // nothing of the caller's configuration leaks in: the run is defined here
        env.keySet().removeIf(name -> name.startsWith("SWITCHBOARD_") || name.startsWith("SPRING_")
                || name.startsWith("SERVER_") || name.startsWith("CAMEL_") || name.startsWith("MANAGEMENT_")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS"));
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("SERVER_ADDRESS", "127.0.0.1");
        env.put("SWITCHBOARD_DATA_DIR", dataDirectory.toString());
        env.put("SWITCHBOARD_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("SWITCHBOARD_ADMIN_API_KEY", ADMIN_KEY);
        // a directory that does not exist: the stock routes on the class path run
        env.put("SWITCHBOARD_ROUTES_DIR", runDirectory.resolve("no-routes-directory").toString());
        if (database != null) {
            env.put("SPRING_PROFILES_ACTIVE", "postgres");
            env.put("SWITCHBOARD_DB_URL", database.url());
            env.put("SWITCHBOARD_DB_USER", database.user());
            env.put("SWITCHBOARD_DB_PASSWORD", database.password());
        }
        try {
            Files.writeString(runDirectory.resolve("switchboard-" + starts + ".command"),
                    String.join(" ", command.subList(0, command.size() - 3)) + " -cp <class path> "
                            + SwitchboardApplication.class.getName() + "\n", StandardCharsets.UTF_8);
            process = builder.start();
            Process started = process;
            // never left behind by a harness that ends early (an error, Ctrl-C)
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (started.isAlive()) {
                    started.destroyForcibly();
                }
            }, "switchboard-process-reaper"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command.get(0), e);
        }
        awaitHealthy();
        return this;
    }

    /** SIGKILL: the process gets no chance to finish anything (a crash). Waits until it is gone. */
    synchronized void kill() {
        if (process == null) {
            return;
        }
        account();
        process.destroyForcibly();
        waitGone(Duration.ofSeconds(30));
    }

    /** SIGTERM: Spring's graceful shutdown; SIGKILL if it has not ended within a minute. */
    synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        account();
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                waitGone(Duration.ofSeconds(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Graceful stop, then a start on the same data. */
    void restart() {
        stop();
        start();
    }

    @Override
    public void close() {
        stop();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    /** The console log of the latest start. */
    Path log() {
        return log;
    }

    /** The JFR files of all starts so far (complete only for starts that were stopped gracefully). */
    List<Path> jfrFiles() {
        return List.copyOf(jfrFiles);
    }

    int starts() {
        return starts;
    }

    DeskClient admin() {
        return new DeskClient(baseUrl(), ADMIN_EMAIL, ADMIN_KEY);
    }

    /**
     * Waits until the health is UP (after a start, or after an overload that left it busy with a
     * backlog); stops the process and fails after the start timeout.
     */
    void awaitHealthy() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Switchboard exited with " + process.exitValue()
                        + " while it was awaited; the end of " + log + ":\n" + tail(log, 60));
            }
            try {
                HttpResponse<String> answer = HTTP.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200 && answer.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(200);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Switchboard was not healthy within " + startTimeout + "; the end of "
                + log + ":\n" + tail(log, 60));
    }

    private void waitGone(Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps the CPU time and peak memory of a process that is about to end. */
    private void account() {
        if (process != null && process.isAlive()) {
            cpuOfEarlierStarts += cpuSecondsOfCurrent();
            peakRssOfEarlierStarts = Math.max(peakRssOfEarlierStarts, status("VmHWM"));
        }
    }

    // ---- measurements ---------------------------------------------------------------------------

    /** CPU seconds (user + system) of all starts so far, the running one included. */
    synchronized double cpuSeconds() {
        return cpuOfEarlierStarts + (alive() ? cpuSecondsOfCurrent() : 0);
    }

    private double cpuSecondsOfCurrent() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            // the command name in parentheses may hold spaces: fields are counted after its ')'
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /**
     * CPU seconds of the running process's live threads by kind, from /proc/&lt;pid&gt;/task:
     * {@code jit} (C1/C2 compiler threads), {@code gc} (GC workers, G1 threads, the VM thread) and
     * {@code application} (all others). Threads that have ended are not counted (their time is in
     * {@link #cpuSeconds()}), so take differences over a period and read them as approximate.
     */
    synchronized Map<String, Double> cpuSecondsByKind() {
        return alive() ? cpuSecondsByKind(process.pid()) : cpuSecondsByKind(-1);
    }

    /** {@link #cpuSecondsByKind()} of any process of this machine (this JVM: {@code ProcessHandle.current().pid()}). */
    static Map<String, Double> cpuSecondsByKind(long pid) {
        Map<String, Double> kinds = new LinkedHashMap<>();
        kinds.put("jit", 0.0);
        kinds.put("gc", 0.0);
        kinds.put("application", 0.0);
        if (pid < 0) {
            return kinds;
        }
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double seconds = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS;
                    String kind = name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") ? "jit"
                            : name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread") ? "gc"
                            : "application";
                    kinds.merge(kind, seconds, Double::sum);
                } catch (IOException | RuntimeException threadEnded) {
                    // gone meanwhile
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended meanwhile
        }
        return kinds;
    }

    /** Resident memory now (VmRSS), in bytes; 0 when not running. */
    synchronized long rssBytes() {
        return alive() ? status("VmRSS") : 0;
    }

    /** The highest resident memory of any start so far (VmHWM), in bytes. */
    synchronized long peakRssBytes() {
        return Math.max(peakRssOfEarlierStarts, alive() ? status("VmHWM") : 0);
    }

    /** Threads of the process now (from /proc), 0 when not running. */
    synchronized long threads() {
        return alive() ? status("Threads") : 0;
    }

    /** Open file descriptors of the process now, -1 when they cannot be read. */
    synchronized long openFiles() {
        if (!alive()) {
            return -1;
        }
        try (var entries = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return entries.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** A numeric field of /proc/<pid>/status; kB fields are returned in bytes. */
    private long status(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    String[] parts = line.substring(field.length() + 1).trim().split("\\s+");
                    long value = Long.parseLong(parts[0]);
                    return parts.length > 1 && parts[1].equalsIgnoreCase("kB") ? value * 1024 : value;
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended meanwhile
        }
        return 0;
    }

    /**
     * Messages waiting in each broker queue (embedded broker only), read through Jolokia as the
     * administrator; empty when it cannot be read.
     */
    Map<String, Long> queueDepths() {
        Map<String, Long> depths = new TreeMap<>();
        JsonNode value = jolokiaRead("org.apache.activemq.artemis:broker=*,component=addresses,address=*,"
                + "subcomponent=queues,routing-type=*,queue=*/MessageCount");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> queue = it.next();
            String name = queue.getKey().replaceAll(".*queue=\"?([^\",]+)\"?.*", "$1");
            depths.put(name, queue.getValue().path("MessageCount").asLong());
        }
        return depths;
    }

    /**
     * Commits and the units of work they carried so far, by kind of work (metric
     * {@code switchboard.commit.units}, tag {@code work}), as {count, total}; empty when unreadable.
     */
    Map<String, double[]> commitUnits() {
        Map<String, double[]> units = new TreeMap<>();
        String metric = "/actuator/metrics/switchboard.commit.units";
        for (String work : tagValues(actuator(metric), "work")) {
            units.put(work, statistics(actuator(metric + "?tag=work:" + work), "COUNT", "TOTAL"));
        }
        return units;
    }

    /**
     * How long Switchboard itself took over the POSTs it answered so far, from the request's arrival
     * at the servlet container to its answer (metric {@code http.server.requests}), by
     * {@code "<status> <uri>"}, as {count, total seconds}; empty when unreadable. Beside the time
     * the load generator saw, it tells how much of a request's wait was spent outside the node
     * (in the kernel's and Tomcat's queues, and in the generator).
     */
    Map<String, double[]> postTimes() {
        Map<String, double[]> times = new TreeMap<>();
        String posts = "/actuator/metrics/http.server.requests?tag=method:POST";
        for (String status : tagValues(actuator(posts), "status")) {
            String ofStatus = posts + "&tag=status:" + status;
            for (String uri : tagValues(actuator(ofStatus), "uri")) {
                String query = ofStatus + "&tag=uri:" + URLEncoder.encode(uri, StandardCharsets.UTF_8);
                times.put(status + " " + uri, statistics(actuator(query), "COUNT", "TOTAL_TIME"));
            }
        }
        return times;
    }

    /** The value of a gauge (metric {@code name}); NaN when unreadable (not running, not registered). */
    double gauge(String name) {
        JsonNode metric = actuator("/actuator/metrics/" + name);
        return metric.isMissingNode() ? Double.NaN : statistics(metric, "VALUE")[0];
    }

    private static List<String> tagValues(JsonNode metric, String name) {
        List<String> values = new ArrayList<>();
        for (JsonNode tag : metric.path("availableTags")) {
            if (tag.path("tag").asText().equals(name)) {
                tag.path("values").forEach(value -> values.add(value.asText()));
            }
        }
        return values;
    }

    /** The values of a metric's named statistics, in the order asked (0 when missing). */
    private static double[] statistics(JsonNode metric, String... names) {
        double[] values = new double[names.length];
        for (JsonNode m : metric.path("measurements")) {
            for (int i = 0; i < names.length; i++) {
                if (m.path("statistic").asText().equals(names[i])) {
                    values[i] = m.path("value").asDouble();
                }
            }
        }
        return values;
    }

    /**
     * The {@code value} of a Jolokia read ({@code <mbean>/<attribute>}, e.g.
     * {@code java.lang:type=Memory/HeapMemoryUsage}) as the administrator; a missing node when it
     * cannot be read (not running, no such MBean).
     */
    JsonNode jolokiaRead(String mbeanAndAttribute) {
        return actuator("/actuator/jolokia/read/" + mbeanAndAttribute).path("value");
    }

    /** An actuator answer as the administrator; a missing node when it cannot be read. */
    private JsonNode actuator(String path) {
        try {
            // Jolokia needs the console's CSRF token: a double-submit cookie, so any value sent in both places
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                            (ADMIN_EMAIL + ":" + ADMIN_KEY).getBytes(StandardCharsets.UTF_8)))
                    .header("Cookie", "XSRF-TOKEN=bench").header("X-XSRF-TOKEN", "bench").GET().build();
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                return DeskClient.JSON.readTree(answer.body());
            }
        } catch (IOException | RuntimeException unreadable) {
            // not running, or no such MBean or metric
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    // ---- helpers --------------------------------------------------------------------------------

    /**
     * This JVM's class path without the test classes (Switchboard runs its own code and libraries).
     * Surefire's manifest-only booter jar is opened up into the class path it names.
     */
    static List<String> applicationClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path path = Path.of(entry);
            String name = path.getFileName() == null ? "" : path.getFileName().toString();
            if (name.startsWith("surefirebooter") && name.endsWith(".jar")) {
                entries.addAll(manifestClassPath(path));
            } else {
                entries.add(entry);
            }
        }
        entries.removeIf(entry -> Path.of(entry).normalize().endsWith(Path.of("target", "test-classes")));
        return entries;
    }

    private static List<String> manifestClassPath(Path jar) {
        List<String> entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath != null) {
                for (String url : classPath.trim().split("\\s+")) {
                    entries.add(Path.of(URI.create(url.startsWith("file:") ? url : jar.getParent().toUri().resolve(url)
                            .toString())).toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e + ")";
        }
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            getconf.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
