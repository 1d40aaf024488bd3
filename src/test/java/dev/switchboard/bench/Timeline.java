package dev.switchboard.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts per second of the run, by series ({@code accepted}, {@code answered}, ...). */
final class Timeline {

    static final int MAX_SECONDS = 6 * 3600;

    private final long startNanos;
    private final Map<String, AtomicLongArray> series = new ConcurrentHashMap<>();
    private final Map<String, double[]> gauges = new ConcurrentHashMap<>();

    Timeline(long startNanos) {
        this.startNanos = startNanos;
    }

    long startNanos() {
        return startNanos;
    }

    int second(long nanos) {
        return (int) Math.max(0, Math.min(MAX_SECONDS - 1, (nanos - startNanos) / 1_000_000_000L));
    }

    double seconds(long nanos) {
        return (nanos - startNanos) / 1e9;
    }

    void count(String name, long nanos) {
        series.computeIfAbsent(name, n -> new AtomicLongArray(MAX_SECONDS)).incrementAndGet(second(nanos));
    }

    /** A sampled value (CPU %, resident MB, queue depth) at a second of the run. */
    void gauge(String name, long nanos, double value) {
        gauges.computeIfAbsent(name, n -> {
            double[] values = new double[MAX_SECONDS];
            java.util.Arrays.fill(values, Double.NaN);
            return values;
        })[second(nanos)] = value;
    }

    /** The last second that has anything recorded, plus one. */
    int length() {
        int length = 0;
        for (AtomicLongArray counts : series.values()) {
            for (int i = counts.length() - 1; i >= length; i--) {
                if (counts.get(i) != 0) {
                    length = i + 1;
                    break;
                }
            }
        }
        return length;
    }

    /** Every series as counts per second, up to {@code length} seconds. */
    Map<String, long[]> counts(int length) {
        Map<String, long[]> out = new LinkedHashMap<>();
        series.keySet().stream().sorted().forEach(name -> {
            long[] values = new long[length];
            for (int i = 0; i < length; i++) {
                values[i] = series.get(name).get(i);
            }
            out.put(name, values);
        });
        return out;
    }

    /** Every gauge per second; a second without a sample (a slow sample) repeats the one before. */
    Map<String, double[]> gauges(int length) {
        Map<String, double[]> out = new LinkedHashMap<>();
        gauges.keySet().stream().sorted().forEach(name -> {
            double[] sampled = gauges.get(name);
            double[] values = new double[length];
            double last = 0;
            for (int i = 0; i < length; i++) {
                if (!Double.isNaN(sampled[i])) {
                    last = sampled[i];
                }
                values[i] = last;
            }
            out.put(name, values);
        });
        return out;
    }

    long total(String name, int fromSecond, int toSecond) {
        AtomicLongArray counts = series.get(name);
        long total = 0;
        if (counts != null) {
            for (int i = Math.max(0, fromSecond); i < Math.min(MAX_SECONDS, toSecond); i++) {
                total += counts.get(i);
            }
        }
        return total;
    }
}
