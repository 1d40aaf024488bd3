package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's picture: throughput per second over the run (with the Switchboard process's CPU
 * on a second axis and the phases marked), and latency percentiles per phase.
 */
final class Charts {

    /** A phase for the picture: where it starts (seconds of the run) and its latency. */
    record PhaseMark(String label, double startSecond, Percentiles latency) {
    }

    private Charts() {
    }

    static void write(Path file, Timeline timeline, List<PhaseMark> phases, String title) {
        System.setProperty("java.awt.headless", "true");
        int length = Math.max(2, timeline.length() + 1);
        // from shortly before the first phase: the machine limits and Switchboard's start are not shown
        int from = phases.isEmpty() ? 0 : Math.max(0, Math.min(length - 2, (int) phases.get(0).startSecond() - 2));
        int shown = length - from;
        double[] x = new double[shown];
        for (int i = 0; i < shown; i++) {
            x[i] = from + i;
        }
        XYChart throughput = new XYChartBuilder().width(1400).height(520).title(title)
                .xAxisTitle("second of the run").yAxisTitle("per second").build();
        throughput.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        throughput.getStyler().setMarkerSize(0);
        throughput.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        throughput.getStyler().setYAxisMin(0, 0.0);
        throughput.getStyler().setYAxisMin(1, 0.0);
        Map<String, long[]> counts = timeline.counts(length);
        double peak = 1;
        for (String name : List.of("accepted", "answered", "ingest-api.accepted", "ingest-bf.accepted", "refused")) {
            long[] values = counts.get(name);
            if (values == null) {
                continue;
            }
            double[] y = new double[shown];
            for (int i = 0; i < shown; i++) {
                y[i] = values[from + i];
                peak = Math.max(peak, y[i]);
            }
            XYSeries series = throughput.addSeries(label(name), x, y);
            series.setMarker(SeriesMarkers.NONE);
        }
        double[] cpu = timeline.gauges(length).get("switchboard.cpu_percent");
        if (cpu != null) {
            XYSeries series = throughput.addSeries("Switchboard CPU % (right axis)", x,
                    java.util.Arrays.copyOfRange(cpu, from, length));
            series.setMarker(SeriesMarkers.NONE);
            series.setYAxisGroup(1);
            throughput.setYAxisGroupTitle(1, "CPU % of one core");
        }
        double[] jit = timeline.gauges(length).get("switchboard.jit_cpu_percent");
        if (jit != null) {
            XYSeries series = throughput.addSeries("of which JIT compiler CPU % (right axis)", x,
                    java.util.Arrays.copyOfRange(jit, from, length));
            series.setMarker(SeriesMarkers.NONE);
            series.setYAxisGroup(1);
        }
        if (throughput.getSeriesMap().isEmpty()) {
            throughput.addSeries("nothing", new double[] {0, 1}, new double[] {0, 0});
        }
        for (int i = 0; i < phases.size(); i++) {
            PhaseMark phase = phases.get(i);
            throughput.addAnnotation(new AnnotationLine(phase.startSecond(), true, false));
            // staggered, so the labels of short phases do not overwrite each other
            // the text is centred on x: move it right of its line by about half its width
            double secondsPerChar = 7.0 * shown / 1250;
            throughput.addAnnotation(new AnnotationText(phase.label(),
                    phase.startSecond() + phase.label().length() * secondsPerChar / 2 + secondsPerChar,
                    peak * (1.0 - 0.07 * (i % 4)), false));
        }

        CategoryChart latency = new CategoryChartBuilder().width(1400).height(520)
                .title("round-trip latency (customer message accepted -> answer at the webhook), ms, log scale")
                .xAxisTitle("phase").yAxisTitle("ms").build();
        latency.getStyler().setYAxisLogarithmic(true);
        // bars start at the axis minimum: without one, xchart takes 0, which a log axis cannot show
        latency.getStyler().setYAxisMin(0.1);
        latency.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        latency.getStyler().setLabelsVisible(true);
        latency.getStyler().setDecimalPattern("#,##0.#");
        List<String> labels = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p90 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        List<Double> max = new ArrayList<>();
        for (PhaseMark phase : phases) {
            if (phase.latency() == null || phase.latency().count() == 0) {
                continue;
            }
            labels.add(phase.label());
            // log axis: nothing below 0.1 ms
            p50.add(Math.max(0.1, phase.latency().p50()));
            p90.add(Math.max(0.1, phase.latency().p90()));
            p99.add(Math.max(0.1, phase.latency().p99()));
            max.add(Math.max(0.1, phase.latency().max()));
        }
        if (labels.isEmpty()) {
            labels.add("no round trips");
            p50.add(0.1);
            p90.add(0.1);
            p99.add(0.1);
            max.add(0.1);
        }
        latency.addSeries("p50", labels, p50);
        latency.addSeries("p90", labels, p90);
        latency.addSeries("p99", labels, p99);
        latency.addSeries("max", labels, max);

        List<Chart<?, ?>> charts = List.of(throughput, latency);
        try {
            BitmapEncoder.saveBitmap(charts, 2, 1, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String label(String series) {
        return switch (series) {
            case "accepted" -> "customer messages accepted (round trip)";
            case "answered" -> "answers at the webhook (round trips done)";
            case "ingest-api.accepted" -> "ingestion, desk API: accepted";
            case "ingest-bf.accepted" -> "ingestion, Bot Framework: accepted";
            case "refused" -> "refused / failed POSTs";
            default -> series;
        };
    }
}
