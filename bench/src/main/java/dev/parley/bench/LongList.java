package dev.parley.bench;

import java.util.Arrays;

/** A growable list of longs, safe for one writer and readers that look after the writer has finished. */
final class LongList {

    private long[] values = new long[16];
    private int size;

    synchronized void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    synchronized int size() {
        return size;
    }

    synchronized long[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
