package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the Switchboard process spent its time, from its JFR recording: the hottest methods by
 * CPU samples (the frame on top), the Switchboard methods the samples were under, and where
 * threads waited on monitors (contention) — a text file next to the .jfr (open the .jfr itself in
 * JDK Mission Control for more).
 */
final class JfrSummary {

    private static final int TOP = 30;

    private JfrSummary() {
    }

    /**
     * Summarises the events from {@code from} to {@code to} (null: from the start, to the end), so
     * that neither the start-up nor the read-back of what was stored drowns the load.
     */
    static void write(Path jfr, Path out, Instant from, Instant to) {
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> ours = new HashMap<>();
        Map<String, Long> blocked = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int samples = 0;
        try (RecordingFile recording = new RecordingFile(jfr)) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                if (from != null && event.getStartTime().isBefore(from)
                        || to != null && event.getStartTime().isAfter(to)) {
                    continue;
                }
                String type = event.getEventType().getName();
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                List<RecordedFrame> frames = stack.getFrames();
                if (type.equals("jdk.ExecutionSample")) {
                    samples++;
                    top.merge(name(frames.get(0)), 1, Integer::sum);
                    frames.stream().filter(f -> name(f).startsWith("dev.switchboard.")).findFirst()
                            .ifPresent(f -> ours.merge(name(f), 1, Integer::sum));
                    if (event.getThread("sampledThread") != null) {
                        threads.merge(threadGroup(event.getThread("sampledThread").getJavaName()), 1, Integer::sum);
                    }
                } else if (type.equals("jdk.JavaMonitorEnter")) {
                    String at = frames.stream().filter(f -> name(f).startsWith("dev.switchboard.")).findFirst()
                            .map(JfrSummary::name).orElse(name(frames.get(0)));
                    blocked.merge(at + "  (monitor " + className(event) + ")", event.getDuration().toMillis(), Long::sum);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder text = new StringBuilder();
        text.append("JFR summary of ").append(jfr.getFileName()).append(": ").append(samples)
                .append(" CPU samples").append(from == null ? "" : " from " + from).append(to == null ? "" : " to " + to)
                .append(from == null && to == null ? "" : " (the load)").append("\n\n");
        section(text, "hottest methods (top frame of CPU samples)", top, samples);
        section(text, "Switchboard code on the stack (innermost dev.switchboard frame of CPU samples)", ours, samples);
        section(text, "CPU samples by thread (names with digits folded)", threads, samples);
        text.append("\nmonitor contention (ms blocked, where)\n");
        blocked.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> text.append(String.format("%10d  %s%n", e.getValue(), e.getKey())));
        try {
            Files.writeString(out, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void section(StringBuilder text, String title, Map<String, Integer> counts, int samples) {
        text.append(title).append('\n');
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(TOP)
                .forEach(e -> text.append(String.format("%7d %5.1f%%  %s%n", e.getValue(),
                        samples == 0 ? 0 : 100.0 * e.getValue() / samples, e.getKey())));
        text.append('\n');
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String className(RecordedEvent event) {
        try {
            return event.getClass("monitorClass").getName();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String threadGroup(String name) {
        return name == null ? "?" : name.replaceAll("\\d+", "N");
    }
}
