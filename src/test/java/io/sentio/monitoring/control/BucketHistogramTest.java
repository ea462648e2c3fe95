package io.sentio.monitoring.control;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BucketHistogramTest {

    @Test
    void countsAreCumulativePerUpperBoundWithAValueOnABoundInThatBucket() {
        BucketHistogram h = new BucketHistogram("t_seconds", "t", new double[]{0.01, 0.1, 1});
        for (double v : new double[]{0.001, 0.01, 0.05, 0.1, 0.5, 3, 40}) {
            h.observe(v);
        }
        BucketHistogram.Snapshot s = h.snapshot();
        assertArrayEquals(new long[]{2, 4, 5, 7}, s.cumulative());
        assertEquals(7, s.count());
        assertEquals(43.661, s.sum(), 1e-9);
    }

    @Test
    void boundsMustAscend() {
        assertThrows(IllegalArgumentException.class, () -> new BucketHistogram("x", "x", new double[]{1, 1}));
        assertThrows(IllegalArgumentException.class, () -> new BucketHistogram("x", "x", new double[]{2, 1}));
    }

    @Test
    void theServicesBoundsAscend() {
        for (double[] bounds : List.of(BucketHistogram.REQUEST_SECONDS, BucketHistogram.RUN_SECONDS,
                BucketHistogram.TOKENIZE_SECONDS, BucketHistogram.BATCH_TEXTS)) {
            new BucketHistogram("x", "x", bounds); // throws if not
        }
        assertEquals(30, BucketHistogram.REQUEST_SECONDS[BucketHistogram.REQUEST_SECONDS.length - 1],
                "the last finite bucket is the request timeout's default");
    }

    @Test
    void snapshotsTakenWhileThreadsObserveStayMonotoneAndCountWhatTheBucketsHold() throws Exception {
        BucketHistogram h = new BucketHistogram("x", "x", BucketHistogram.REQUEST_SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writers = List.of(0, 1).stream().map(seed -> pool.submit(() -> {
                for (int i = 0; i < 200_000; i++) {
                    h.observe((i % 1000) / 100.0);
                }
            })).<Future<?>>map(f -> f).toList();
            while (writers.stream().anyMatch(f -> !f.isDone())) {
                long[] c = h.snapshot().cumulative();
                for (int i = 1; i < c.length; i++) {
                    assertTrue(c[i] >= c[i - 1], "cumulative counts never fall: " + Map.of("at", i));
                }
            }
            for (Future<?> f : writers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(400_000, h.snapshot().count());
    }
}
