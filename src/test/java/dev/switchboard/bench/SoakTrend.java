package dev.switchboard.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The soak's trend test. The samples of the load are cut into thirds by time; the first third is
 * warm-up (JIT, caches, pools and the broker's journal filling) and is not judged. A metric
 * <em>grows</em> when the median of the last third exceeds the median of the second third by more
 * than its tolerance: {@code max(relative * median2, absolute)}. Medians are robust against the
 * spikes a receiver outage or a GC causes; a steady climb moves the median of each third. For
 * information every metric also gets the least-squares slope over the last two thirds, normalised to
 * its mean, in % per hour.
 * <p>
 * The database grows with what it stores, by design; for it the check is on the <em>growth per
 * accepted message</em>: kilobytes added per 1,000 accepted messages in the last third, which must
 * stay within a budget and must not exceed the second third's by much (space that is never given
 * back, or a table that is never pruned, makes the file grow faster than the data).
 * <p>
 * Resources (heap after GC, metaspace, classes, RSS, threads, open files, the broker's journal),
 * queues and waiting deliveries fail the run when they grow; CPU, latency, running chats and row
 * counts are reported with the same test as warnings (CPU and latency depend on whatever else runs on
 * the machine).
 */
final class SoakTrend {

    /** How one metric is judged. */
    record Spec(double relative, double absolute, boolean failing) {
    }

    /** The verdict on one metric. */
    record Check(String metric, boolean failing, int samples, double median2, double median3, double growth,
            double tolerance, double slopePercentPerHour, String verdict) {

        boolean grows() {
            return verdict.equals("grows");
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("metric", metric);
            map.put("judged", failing ? "fails the run" : "warning only");
            map.put("samples_per_third", samples);
            map.put("median_second_third", json(median2));
            map.put("median_last_third", json(median3));
            map.put("growth", json(growth));
            map.put("tolerance", json(tolerance));
            map.put("slope_last_two_thirds_percent_per_hour", json(slopePercentPerHour));
            map.put("verdict", verdict);
            return map;
        }
    }

    static final int MIN_SAMPLES_PER_THIRD = 3;

    /** JSON has no NaN: null instead. */
    static Double json(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private SoakTrend() {
    }

    /** The spec of a metric, or null for one that is not judged (totals that grow by design). */
    static Spec spec(String metric, int rate) {
        if (metric.startsWith("queue.")) {
            // a queue may hold a few seconds of traffic; it must not keep growing
            return new Spec(0.5, Math.max(20, rate * 2), true);
        }
        if (metric.startsWith("rows.")) {
            String table = metric.substring(5);
            return switch (table) {
                case "outbox", "parked_delivery", "chat_active" -> new Spec(0.5, Math.max(20, rate * 2), true);
                default -> new Spec(0.1, 50, false);
            };
        }
        return switch (metric) {
            case "heap_after_gc_mb" -> new Spec(0.10, 8, true);
            case "metaspace_mb" -> new Spec(0.05, 4, true);
            case "classes_loaded" -> new Spec(0.02, 200, true);
            case "rss_mb" -> new Spec(0.10, 48, true);
            case "threads" -> new Spec(0.05, 5, true);
            case "open_files" -> new Spec(0.05, 10, true);
            case "artemis_mb" -> new Spec(0.25, 32, true);
            case "parked" -> new Spec(0.5, Math.max(20, rate * 2), true);
            case "dead" -> new Spec(0, 0, true);
            case "unanswered" -> new Spec(0.5, Math.max(20, rate * 2), true);
            case "active_chats" -> new Spec(0.25, 20, false);
            case "cpu_percent" -> new Spec(0.20, 10, false);
            case "latency_p50_ms" -> new Spec(0.5, 20, false);
            case "latency_p99_ms" -> new Spec(0.5, 100, false);
            case "heap_committed_mb", "files_mb", "db_mb", "gc_ms", "sample_ms" -> null;
            default -> null;
        };
    }

    /** Judges every metric of the samples (the tagged final sample is left out). */
    static List<Check> judge(List<Map<String, Double>> all, int rate, double dbBudget) {
        List<Map<String, Double>> samples = all.stream().filter(s -> !s.containsKey("final") && s.containsKey("t_s")).toList();
        List<Check> checks = new ArrayList<>();
        TreeSet<String> metrics = new TreeSet<>();
        samples.forEach(s -> metrics.addAll(s.keySet()));
        for (String metric : metrics) {
            Spec spec = spec(metric, rate);
            if (spec != null) {
                checks.add(check(metric, spec, samples));
            }
        }
        checks.add(databaseGrowth(samples, dbBudget));
        return checks;
    }

    private static List<List<Map<String, Double>>> thirds(List<Map<String, Double>> samples) {
        double end = samples.isEmpty() ? 0 : samples.get(samples.size() - 1).get("t_s");
        List<List<Map<String, Double>>> thirds = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (Map<String, Double> s : samples) {
            int third = end <= 0 ? 0 : (int) Math.min(2, Math.floor(s.get("t_s") / end * 3));
            thirds.get(third).add(s);
        }
        return thirds;
    }

    static Check check(String metric, Spec spec, List<Map<String, Double>> samples) {
        List<List<Map<String, Double>>> thirds = thirds(samples);
        double[] second = values(thirds.get(1), metric);
        double[] last = values(thirds.get(2), metric);
        int n = Math.min(second.length, last.length);
        if (n < MIN_SAMPLES_PER_THIRD) {
            return new Check(metric, spec.failing(), n, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    "too short");
        }
        double m2 = median(second);
        double m3 = median(last);
        double growth = m3 - m2;
        double tolerance = Math.max(spec.relative() * Math.abs(m2), spec.absolute());
        List<Map<String, Double>> later = new ArrayList<>(thirds.get(1));
        later.addAll(thirds.get(2));
        return new Check(metric, spec.failing(), n, round(m2), round(m3), round(growth), round(tolerance),
                round(slopePercentPerHour(later, metric)), growth > tolerance ? "grows" : "flat");
    }

    /**
     * Kilobytes the database added per 1,000 accepted messages, last third against the second: it
     * grows when the last third's figure exceeds {@code budget} (what storing the messages, their
     * answers, chats and deliveries can reasonably take) or the second third's by half. Files grow in
     * steps (H2 chunks, PostgreSQL pages), hence the wide margins.
     */
    static Check databaseGrowth(List<Map<String, Double>> samples, double budget) {
        List<List<Map<String, Double>>> thirds = thirds(samples);
        double second = perThousand(thirds.get(1));
        double last = perThousand(thirds.get(2));
        int n = Math.min(thirds.get(1).size(), thirds.get(2).size());
        String metric = "db_kb_per_1000_accepted_messages";
        if (n < MIN_SAMPLES_PER_THIRD || Double.isNaN(second) || Double.isNaN(last)) {
            return new Check(metric, true, n, round(second), round(last), Double.NaN, Double.NaN, Double.NaN, "too short");
        }
        double tolerance = Math.min(budget, Math.max(0, second) + Math.max(0.5 * Math.abs(second), budget / 4));
        return new Check(metric, true, n, round(second), round(last), round(last - second), round(tolerance),
                Double.NaN, last > tolerance ? "grows" : "flat");
    }

    private static double perThousand(List<Map<String, Double>> third) {
        if (third.size() < 2) {
            return Double.NaN;
        }
        Map<String, Double> first = third.get(0);
        Map<String, Double> end = third.get(third.size() - 1);
        if (!first.containsKey("db_mb") || !end.containsKey("db_mb")) {
            return Double.NaN;
        }
        double messages = end.getOrDefault("accepted_total", 0.0) - first.getOrDefault("accepted_total", 0.0);
        if (messages <= 0) {
            return Double.NaN;
        }
        return (end.get("db_mb") - first.get("db_mb")) * 1024 / messages * 1000;
    }

    private static double[] values(List<Map<String, Double>> samples, String metric) {
        return samples.stream().map(s -> s.get(metric)).filter(v -> v != null && !v.isNaN())
                .mapToDouble(Double::doubleValue).toArray();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Least-squares slope of the metric over time, in % of its mean per hour (0 for a mean of 0). */
    static double slopePercentPerHour(List<Map<String, Double>> samples, String metric) {
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (Map<String, Double> s : samples) {
            Double y = s.get(metric);
            if (y == null || y.isNaN()) {
                continue;
            }
            double x = s.get("t_s");
            n++;
            sx += x;
            sy += y;
            sxx += x * x;
            sxy += x * y;
        }
        double denominator = n * sxx - sx * sx;
        if (n < 2 || denominator == 0) {
            return Double.NaN;
        }
        double slope = (n * sxy - sx * sy) / denominator;
        double mean = sy / n;
        return mean == 0 ? 0 : slope * 3600 / Math.abs(mean) * 100;
    }

    private static double round(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? Double.NaN : Math.round(value * 100) / 100.0;
    }
}
