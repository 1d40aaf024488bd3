package dev.switchboard.bench;

import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Once a second: the Switchboard process's CPU use (% of one core; and its JIT compiler's), resident memory, threads,
 * open files and broker queue depths, as gauges of the run's timeline.
 */
final class ResourceSampler implements AutoCloseable {

    private final SwitchboardProcess switchboard;
    private final Timeline timeline;
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "resource-sampler");
        thread.setDaemon(true);
        return thread;
    });
    private double lastCpu;
    private double lastJit;
    private long lastAt;

    ResourceSampler(SwitchboardProcess switchboard, Timeline timeline, boolean queues) {
        this.switchboard = switchboard;
        this.timeline = timeline;
        lastCpu = switchboard.cpuSeconds();
        lastJit = switchboard.cpuSecondsByKind().get("jit");
        lastAt = System.nanoTime();
        timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
        if (queues) {
            // apart: a slow answer from an overloaded Switchboard must not delay the CPU samples
            timer.scheduleAtFixedRate(this::queues, 1, 1, TimeUnit.SECONDS);
        }
    }

    private void queues() {
        try {
            long now = System.nanoTime();
            for (Map.Entry<String, Long> queue : switchboard.queueDepths().entrySet()) {
                timeline.gauge("queue." + queue.getKey(), now, queue.getValue());
            }
        } catch (RuntimeException e) {
            // a sample is skipped (process restarting)
        }
    }

    private void sample() {
        try {
            long now = System.nanoTime();
            double cpu = switchboard.cpuSeconds();
            double jit = switchboard.cpuSecondsByKind().get("jit");
            double elapsed = (now - lastAt) / 1e9;
            timeline.gauge("switchboard.cpu_percent", now, Math.round(100 * (cpu - lastCpu) / elapsed));
            timeline.gauge("switchboard.jit_cpu_percent", now, Math.max(0, Math.round(100 * (jit - lastJit) / elapsed)));
            lastCpu = cpu;
            lastJit = jit;
            lastAt = now;
            timeline.gauge("switchboard.rss_mb", now, switchboard.rssBytes() / (1024.0 * 1024.0));
            timeline.gauge("switchboard.threads", now, switchboard.threads());
            timeline.gauge("switchboard.open_files", now, switchboard.openFiles());
        } catch (RuntimeException e) {
            // a sample is skipped (process restarting)
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
