package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The soak's picture: six panels over the run's samples — memory, threads and files, queues and
 * waiting deliveries, disk, throughput and CPU (with the receiver's outages), latency. Vertical
 * lines: where the judged thirds begin (the first third is warm-up).
 */
final class SoakChart {

    private SoakChart() {
    }

    static void write(Path file, List<Map<String, Double>> samples, List<SoakLoad.Outage> outages, String title) {
        System.setProperty("java.awt.headless", "true");
        List<Map<String, Double>> load = samples.stream().filter(s -> !s.containsKey("final")).toList();
        double end = load.isEmpty() ? 1 : load.get(load.size() - 1).getOrDefault("t_s", 1.0);
        TreeSet<String> names = new TreeSet<>();
        samples.forEach(s -> names.addAll(s.keySet()));
        // Switchboard's queues (the broker's own DLQ and ExpiryQueue are judged, not drawn)
        List<String> queues = names.stream().filter(n -> n.startsWith("queue.sb.")).toList();

        List<Chart<?, ?>> charts = new ArrayList<>();
        charts.add(panel(title + ": memory, MB", load, List.of("heap_after_gc_mb", "metaspace_mb", "rss_mb"), List.of(),
                end, outages));
        charts.add(panel("threads and open files (classes loaded / 100 on the right)", load,
                List.of("threads", "open_files"), List.of("classes_loaded_hundreds"), end, outages, s -> {
                    Double classes = s.get("classes_loaded");
                    return classes == null ? null : classes / 100;
                }));
        List<String> waiting = new ArrayList<>(queues);
        waiting.addAll(List.of("parked", "dead", "active_chats", "unanswered"));
        charts.add(panel("queue depths, waiting deliveries, running chats, answers on their way", load, waiting, List.of(),
                end, outages));
        charts.add(panel("on disk, MB (H2: % of the file in use, % of its chunks live, on the right)", load,
                List.of("db_mb", "artemis_mb", "files_mb"), List.of("db_file_in_use_pct", "db_chunks_live_pct"), end,
                outages));
        charts.add(panel("round trips answered per s; receiver down (1 = yes; CPU % of one core on the right)", load,
                List.of("answered_per_s", "receiver_down"), List.of("cpu_percent"), end, outages, s -> down(s, outages)));
        charts.add(panel("round-trip latency per sample window, ms", load, List.of("latency_p50_ms", "latency_p99_ms"),
                List.of(), end, outages));
        try {
            BitmapEncoder.saveBitmap(charts, 3, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XYChart panel(String title, List<Map<String, Double>> samples, List<String> left, List<String> right,
            double end, List<SoakLoad.Outage> outages) {
        return panel(title, samples, left, right, end, outages, s -> null);
    }

    private static XYChart panel(String title, List<Map<String, Double>> samples, List<String> left, List<String> right,
            double end, List<SoakLoad.Outage> outages, java.util.function.Function<Map<String, Double>, Double> derived) {
        XYChart chart = new XYChartBuilder().width(900).height(440).title(title)
                .xAxisTitle("second of the load (vertical lines: the second and last thirds begin)").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setYAxisMin(0, 0.0);
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        chart.getStyler().setYAxisMin(1, 0.0);
        boolean any = false;
        for (String name : left) {
            any |= series(chart, name, samples, 0, derived);
        }
        for (String name : right) {
            any |= series(chart, name, samples, 1, derived);
        }
        if (!any) {
            chart.addSeries("nothing sampled", new double[] {0, 1}, new double[] {0, 0});
        }
        chart.addAnnotation(new AnnotationLine(end / 3, true, false));
        chart.addAnnotation(new AnnotationLine(2 * end / 3, true, false));
        return chart;
    }

    /** 1 when the receiver was down at some moment since the sample before, else 0. */
    private static Double down(Map<String, Double> sample, List<SoakLoad.Outage> outages) {
        Double t = sample.get("t_s");
        Double window = sample.get("window_s");
        if (t == null) {
            return null;
        }
        double from = t - (window == null ? 0 : window);
        for (SoakLoad.Outage outage : outages) {
            if (outage.startSecond() <= t && outage.startSecond() + outage.seconds() >= from) {
                return 1.0;
            }
        }
        return 0.0;
    }

    private static boolean series(XYChart chart, String name, List<Map<String, Double>> samples, int axis,
            java.util.function.Function<Map<String, Double>, Double> derived) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Map<String, Double> s : samples) {
            Double value = name.equals("classes_loaded_hundreds") || name.equals("receiver_down") ? derived.apply(s)
                    : s.get(name);
            if (value != null && !value.isNaN() && s.containsKey("t_s")) {
                x.add(s.get("t_s"));
                y.add(value);
            }
        }
        if (x.isEmpty()) {
            return false;
        }
        XYSeries series = chart.addSeries(name + (axis == 1 ? " (right)" : ""), x, y);
        series.setMarker(SeriesMarkers.NONE);
        series.setYAxisGroup(axis);
        return true;
    }
}
