package io.sentio.monitoring.control;

import io.sentio.monitoring.entity.MemorySample;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The most recent memory samples, bounded, with the peak seen since start. Thread-safe. */
public final class MemoryHistory {

    private final int capacity;
    private final ArrayDeque<MemorySample> samples = new ArrayDeque<>();
    private MemorySample peak;

    public MemoryHistory(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    public synchronized void add(MemorySample sample) {
        samples.addLast(sample);
        while (samples.size() > capacity) {
            samples.removeFirst();
        }
        if (peak == null || sample.rss() > peak.rss()) {
            peak = sample;
        }
    }

    public synchronized List<MemorySample> samples() {
        return new ArrayList<>(samples);
    }

    public synchronized Optional<MemorySample> latest() {
        return Optional.ofNullable(samples.peekLast());
    }

    public synchronized Optional<MemorySample> peak() {
        return Optional.ofNullable(peak);
    }
}
