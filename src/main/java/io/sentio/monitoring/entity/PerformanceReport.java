package io.sentio.monitoring.entity;

import io.sentio.cache.entity.CacheStatistics;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code /api/performance} answer; times in milliseconds, memory in MB.
 *
 * @param totalRequests      analysis requests answered since the last reset
 * @param totalTexts         texts analyzed since the last reset
 * @param avgProcessingTime  mean request time
 * @param minProcessingTime  shortest request time
 * @param maxProcessingTime  longest request time
 * @param latencyPercentiles over the most recent requests
 * @param requestsPerMinute  requests answered in the last 60 seconds
 * @param errorRate          percent of requests that failed
 * @param requestsByStatus   requests by HTTP status
 * @param errorsByType       failed requests by kind of problem
 * @param uptimeSeconds      since the application started
 * @param secondsSinceReset  since the statistics were last reset
 * @param memoryUsageMb      resident memory of the process now
 * @param systemMetrics      the machine now
 * @param memory             the process's memory now, at its peak and over the sampler's history
 * @param cache              the result cache: where it keeps entries, hits, misses, hit ratio
 */
public record PerformanceReport(long totalRequests, long totalTexts, double avgProcessingTime, double minProcessingTime,
                                double maxProcessingTime, Percentiles latencyPercentiles, int requestsPerMinute,
                                double errorRate, Map<String, Long> requestsByStatus, Map<String, Long> errorsByType,
                                long uptimeSeconds, long secondsSinceReset, double memoryUsageMb,
                                SystemMetrics systemMetrics, Memory memory, CacheStatistics cache) {

    public record Percentiles(double p50, double p95, double p99) {
    }

    public record SystemMetrics(double cpuPercent, double memoryPercent, int threads) {
    }

    /** Memory of the process in MB at one moment. */
    public record MemoryFigures(Instant at, double rssMb, double heapUsedMb, double heapMaxMb, double nonHeapUsedMb) {
    }

    public record Memory(MemoryFigures current, MemoryFigures peak, int sampleSeconds, List<MemoryFigures> history) {
    }
}
