package dev.switchboard.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When the warm-up may end. On 2 cores under full load the JIT compiles the hot path for minutes
 * (measured 2026-12-03: 51 round trips/s after 40 s, 96 after 150 s, 185 after 420 s, the same
 * build): the rate keeps growing while it does, in steps with flat stretches between them (48.6
 * then 48.2, 64.2 then 65.0 then 51.4 in the first three minutes of one run), so a flat stretch
 * alone does not tell that it is over. The warm-up runs in {@link #WINDOW}s and is over once it
 * has run for at least {@code least} (long enough for this machine) and the last two windows each
 * grew by less than {@link #GROWTH} over the one before (a slower machine goes on warming), or
 * once it has run for {@code most}, warm or not.
 */
final class WarmUp {

    static final Duration WINDOW = Duration.ofSeconds(30);
    /** Growth per window below which the rate counts as flat. */
    static final double GROWTH = 0.05;

    private final Duration least;
    private final Duration most;
    private final List<Double> rates = new ArrayList<>();
    private Duration elapsed = Duration.ZERO;

    WarmUp(Duration least, Duration most) {
        this.least = least;
        this.most = most.compareTo(least) < 0 ? least : most;
    }

    /** One window ended {@code elapsed} after the warm-up started, at {@code rate} round trips per second. */
    void window(Duration elapsed, double rate) {
        this.elapsed = elapsed;
        rates.add(rate);
    }

    /** The rate has stopped growing (after the least warm-up). */
    boolean warm() {
        int n = rates.size();
        return elapsed.compareTo(least) >= 0 && n >= 3
                && flat(rates.get(n - 3), rates.get(n - 2)) && flat(rates.get(n - 2), rates.get(n - 1));
    }

    boolean over() {
        return warm() || elapsed.compareTo(most) >= 0;
    }

    Duration elapsed() {
        return elapsed;
    }

    Map<String, Object> summary() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("seconds", PhaseSummary.round(elapsed.toMillis() / 1000.0));
        map.put("warm", warm());
        map.put("window_s", WINDOW.toSeconds());
        map.put("round_trips_per_s_by_window", rates.stream().map(PhaseSummary::round).toList());
        return map;
    }

    private static boolean flat(double before, double after) {
        return after < before * (1 + GROWTH);
    }
}
