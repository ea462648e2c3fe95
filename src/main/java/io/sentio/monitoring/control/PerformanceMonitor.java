package io.sentio.monitoring.control;

import io.sentio.monitoring.entity.RequestOutcome;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Statistics of the analysis requests the server answered: counts, times, a one-minute sliding
 * window and latency percentiles over the most recent requests. Thread-safe; cheap per request.
 */
public final class PerformanceMonitor {

    static final int RECENT = 10_000;
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final double[] recent = new double[RECENT];
    private final ArrayDeque<Long> lastMinute = new ArrayDeque<>();
    private final Map<Integer, Long> byStatus = new TreeMap<>();
    private final Map<String, Long> errorsByType = new TreeMap<>();
    private long total;
    private long errors;
    private long texts;
    private double sumMillis;
    private double minMillis = Double.NaN;
    private double maxMillis = Double.NaN;
    private long since = System.nanoTime();

    public synchronized void record(RequestOutcome outcome) {
        long now = System.nanoTime();
        total++;
        texts += outcome.texts();
        byStatus.merge(outcome.status(), 1L, Long::sum);
        if (outcome.errorType() != null) {
            errors++;
            errorsByType.merge(outcome.errorType(), 1L, Long::sum);
        }
        double ms = outcome.millis();
        recent[(int) ((total - 1) % RECENT)] = ms;
        sumMillis += ms;
        minMillis = Double.isNaN(minMillis) ? ms : Math.min(minMillis, ms);
        maxMillis = Double.isNaN(maxMillis) ? ms : Math.max(maxMillis, ms);
        lastMinute.addLast(now);
        trim(now);
    }

    private void trim(long now) {
        while (!lastMinute.isEmpty() && now - lastMinute.peekFirst() > WINDOW_NANOS) {
            lastMinute.removeFirst();
        }
    }

    public synchronized Snapshot snapshot() {
        trim(System.nanoTime());
        int n = (int) Math.min(total, RECENT);
        double[] sorted = Arrays.copyOf(recent, n);
        Arrays.sort(sorted);
        return new Snapshot(total, texts, total == 0 ? 0 : sumMillis / total, total == 0 ? 0 : minMillis,
                total == 0 ? 0 : maxMillis, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                lastMinute.size(), total == 0 ? 0 : 100.0 * errors / total, new TreeMap<>(byStatus),
                new TreeMap<>(errorsByType), (System.nanoTime() - since) / 1e9);
    }

    static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public synchronized void reset() {
        Arrays.fill(recent, 0);
        lastMinute.clear();
        byStatus.clear();
        errorsByType.clear();
        total = 0;
        errors = 0;
        texts = 0;
        sumMillis = 0;
        minMillis = Double.NaN;
        maxMillis = Double.NaN;
        since = System.nanoTime();
    }

    /** Figures at one moment; times in milliseconds. */
    public record Snapshot(long totalRequests, long totalTexts, double avgMillis, double minMillis, double maxMillis,
                           double p50Millis, double p95Millis, double p99Millis, int requestsLastMinute,
                           double errorRatePercent, Map<Integer, Long> byStatus, Map<String, Long> errorsByType,
                           double secondsSinceReset) {
    }
}
