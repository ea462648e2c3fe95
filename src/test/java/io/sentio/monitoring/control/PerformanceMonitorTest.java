package io.sentio.monitoring.control;

import io.sentio.monitoring.entity.MemorySample;
import io.sentio.monitoring.entity.RequestOutcome;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PerformanceMonitorTest {

    @Test
    void countsTimesAndErrors() {
        PerformanceMonitor monitor = new PerformanceMonitor();
        for (int i = 1; i <= 100; i++) {
            monitor.record(new RequestOutcome(200, i, 1, null));
        }
        monitor.record(new RequestOutcome(400, 0.5, 0, "invalid_request"));
        monitor.record(new RequestOutcome(408, 3000, 0, "timeout"));
        PerformanceMonitor.Snapshot s = monitor.snapshot();
        assertEquals(102, s.totalRequests());
        assertEquals(100, s.totalTexts());
        assertEquals(0.5, s.minMillis());
        assertEquals(3000, s.maxMillis());
        assertEquals((5050 + 0.5 + 3000) / 102, s.avgMillis(), 1e-9);
        assertEquals(50, s.p50Millis()); // nearest rank over 0.5, 1..100, 3000
        assertEquals(96, s.p95Millis());
        assertEquals(100, s.p99Millis());
        assertEquals(102, s.requestsLastMinute());
        assertEquals(100.0 * 2 / 102, s.errorRatePercent(), 1e-9);
        assertEquals(Map.of(200, 100L, 400, 1L, 408, 1L), s.byStatus());
        assertEquals(Map.of("invalid_request", 1L, "timeout", 1L), s.errorsByType());
    }

    @Test
    void resetStartsAfresh() {
        PerformanceMonitor monitor = new PerformanceMonitor();
        monitor.record(new RequestOutcome(200, 5, 1, null));
        monitor.reset();
        PerformanceMonitor.Snapshot s = monitor.snapshot();
        assertEquals(0, s.totalRequests());
        assertEquals(0, s.avgMillis());
        assertEquals(0, s.p99Millis());
        assertEquals(Map.of(), s.byStatus());
    }

    @Test
    void percentilesCoverOnlyRecentRequests() {
        PerformanceMonitor monitor = new PerformanceMonitor();
        for (int i = 0; i < PerformanceMonitor.RECENT; i++) {
            monitor.record(new RequestOutcome(200, 1000, 1, null));
        }
        for (int i = 0; i < PerformanceMonitor.RECENT; i++) {
            monitor.record(new RequestOutcome(200, 1, 1, null));
        }
        assertEquals(1, monitor.snapshot().p99Millis());
        assertEquals(1000, monitor.snapshot().maxMillis());
    }

    @Test
    void memoryHistoryIsBoundedAndKeepsThePeak() {
        MemoryHistory history = new MemoryHistory(3);
        for (long rss : new long[]{100, 500, 200, 300, 250}) {
            history.add(new MemorySample(Instant.now(), 1, 2, 3, rss));
        }
        assertEquals(3, history.samples().size());
        assertEquals(200, history.samples().get(0).rss());
        assertEquals(500, history.peak().orElseThrow().rss());
        assertEquals(250, history.latest().orElseThrow().rss());
    }

    @Test
    void theLastMinuteSlidesWithTheClock() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        PerformanceMonitor monitor = new PerformanceMonitor(now::get);
        for (int i = 0; i < 100; i++) {
            monitor.record(new RequestOutcome(200, 1, 1, null));
        }
        now.addAndGet(TimeUnit.SECONDS.toNanos(30));
        for (int i = 0; i < 50; i++) {
            monitor.record(new RequestOutcome(200, 1, 1, null));
        }
        assertEquals(150, monitor.snapshot().requestsLastMinute());
        now.addAndGet(TimeUnit.SECONDS.toNanos(31));
        assertEquals(50, monitor.snapshot().requestsLastMinute(), "the first 100 are over a minute old");
        now.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertEquals(0, monitor.snapshot().requestsLastMinute());
        assertEquals(150, monitor.snapshot().totalRequests());
    }
}
