package io.sentio.monitoring.control;

import io.sentio.monitoring.entity.RequestOutcome;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Statistics of the analysis requests the server answered: counts, times, a one-minute sliding
 * window and latency percentiles over the most recent requests. Thread-safe; cheap per request.
 */
public final class PerformanceMonitor {

    static final int RECENT = 10_000;
    private static final int WINDOW_SECONDS = 60;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final double[] recent = new double[RECENT];
    /** Requests per second over the last minute, a ring indexed by second: constant memory at any rate. */
    private final long[] perSecond = new long[WINDOW_SECONDS];
    private final long[] secondOf = new long[WINDOW_SECONDS];
    private final LongSupplier clock;
    private final long origin;
    private final Map<Integer, Long> byStatus = new TreeMap<>();
    private final Map<String, Long> errorsByType = new TreeMap<>();
    private long total;
    private long errors;
    private long texts;
    private double sumMillis;
    private double minMillis = Double.NaN;
    private double maxMillis = Double.NaN;
    private long since;

    public PerformanceMonitor() {
        this(System::nanoTime);
    }

    /** @param clock nanoseconds, as {@link System#nanoTime()} counts them */
    PerformanceMonitor(LongSupplier clock) {
        this.clock = clock;
        this.origin = clock.getAsLong();
        this.since = origin;
    }

    public synchronized void record(RequestOutcome outcome) {
        count(clock.getAsLong());
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
    }

    private void count(long now) {
        long second = (now - origin) / SECOND;
        int slot = (int) (second % WINDOW_SECONDS);
        if (secondOf[slot] != second) {
            secondOf[slot] = second;
            perSecond[slot] = 0;
        }
        perSecond[slot]++;
    }

    /** Requests in the current second and the 59 before it. */
    private long lastMinute(long now) {
        long second = (now - origin) / SECOND;
        long sum = 0;
        for (int slot = 0; slot < WINDOW_SECONDS; slot++) {
            if (perSecond[slot] > 0 && second - secondOf[slot] < WINDOW_SECONDS) {
                sum += perSecond[slot];
            }
        }
        return sum;
    }

    public synchronized Snapshot snapshot() {
        int n = (int) Math.min(total, RECENT);
        double[] sorted = Arrays.copyOf(recent, n);
        Arrays.sort(sorted);
        return new Snapshot(total, texts, total == 0 ? 0 : sumMillis / total, total == 0 ? 0 : minMillis,
                total == 0 ? 0 : maxMillis, percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99),
                (int) lastMinute(clock.getAsLong()), total == 0 ? 0 : 100.0 * errors / total, new TreeMap<>(byStatus),
                new TreeMap<>(errorsByType), (clock.getAsLong() - since) / 1e9);
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
        Arrays.fill(perSecond, 0);
        byStatus.clear();
        errorsByType.clear();
        total = 0;
        errors = 0;
        texts = 0;
        sumMillis = 0;
        minMillis = Double.NaN;
        maxMillis = Double.NaN;
        since = clock.getAsLong();
    }

    /** Figures at one moment; times in milliseconds. */
    public record Snapshot(long totalRequests, long totalTexts, double avgMillis, double minMillis, double maxMillis,
                           double p50Millis, double p95Millis, double p99Millis, int requestsLastMinute,
                           double errorRatePercent, Map<Integer, Long> byStatus, Map<String, Long> errorsByType,
                           double secondsSinceReset) {
    }
}
