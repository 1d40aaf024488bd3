package dev.switchboard.bench;

import java.util.Arrays;

/** A growing array of long samples (durations in nanoseconds), thread-safe, capped. */
final class LongSamples {

    private static final int CAP = 4_000_000;

    private long[] values = new long[1024];
    private int size;

    synchronized void add(long value) {
        if (size == values.length) {
            if (size >= CAP) {
                return;
            }
            values = Arrays.copyOf(values, Math.min(CAP, size * 2));
        }
        values[size++] = value;
    }

    synchronized long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    synchronized int size() {
        return size;
    }
}
