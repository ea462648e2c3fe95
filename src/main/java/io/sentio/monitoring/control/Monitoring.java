package io.sentio.monitoring.control;

import io.sentio.cache.control.CacheService;
import io.sentio.monitoring.entity.MemorySample;
import io.sentio.monitoring.entity.PerformanceReport;
import io.sentio.monitoring.entity.RequestOutcome;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** The server's own statistics: request performance, memory history, system figures. */
@ApplicationScoped
public class Monitoring {

    private static final double MB = 1024.0 * 1024.0;

    @Inject
    @ConfigProperty(name = "memory.sample.seconds", defaultValue = "10")
    int sampleSeconds;

    @Inject
    @ConfigProperty(name = "memory.history.minutes", defaultValue = "60")
    int historyMinutes;

    @Inject
    ServiceMetrics metrics;

    @Inject
    CacheService cache;

    private final PerformanceMonitor performance = new PerformanceMonitor();
    private final long startedAt = System.currentTimeMillis();
    private SystemProbe system;
    private MemoryHistory memory;

    @PostConstruct
    void init() {
        system = new SystemProbe();
        memory = new MemoryHistory(Math.max(1, historyMinutes * 60 / Math.max(1, sampleSeconds)));
    }

    public void record(RequestOutcome outcome) {
        performance.record(outcome);
        metrics.request(outcome);
    }

    public void reset() {
        performance.reset();
        cache.resetStatistics();
    }

    /** Takes a sample into the history (the memory sampler's job). */
    public MemorySample sampleMemory() {
        MemorySample sample = sampleNow();
        memory.add(sample);
        return sample;
    }

    public MemoryHistory memory() {
        return memory;
    }

    public SystemProbe system() {
        return system;
    }

    public int sampleSeconds() {
        return sampleSeconds;
    }

    /** The {@code /api/performance} answer. */
    public PerformanceReport report() {
        PerformanceMonitor.Snapshot s = performance.snapshot();
        MemorySample now = sampleNow();
        Map<String, Long> byStatus = new TreeMap<>();
        s.byStatus().forEach((status, count) -> byStatus.put(status.toString(), count));
        return new PerformanceReport(s.totalRequests(), s.totalTexts(), round(s.avgMillis()), round(s.minMillis()),
                round(s.maxMillis()),
                new PerformanceReport.Percentiles(round(s.p50Millis()), round(s.p95Millis()), round(s.p99Millis())),
                s.requestsLastMinute(), round(s.errorRatePercent()), byStatus, s.errorsByType(),
                (System.currentTimeMillis() - startedAt) / 1000, Math.round(s.secondsSinceReset()), round(now.rss() / MB),
                new PerformanceReport.SystemMetrics(system.cpuPercent(), system.memoryPercent(), system.processThreads()),
                new PerformanceReport.Memory(megabytes(now), memory.peak().map(Monitoring::megabytes).orElse(null),
                        sampleSeconds, memory.samples().stream().map(Monitoring::megabytes).toList()),
                cache.statistics());
    }

    private MemorySample sampleNow() {
        MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        return new MemorySample(Instant.now(), bean.getHeapMemoryUsage().getUsed(), bean.getHeapMemoryUsage().getMax(),
                bean.getNonHeapMemoryUsage().getUsed(), system.residentBytes());
    }

    private static PerformanceReport.MemoryFigures megabytes(MemorySample s) {
        return new PerformanceReport.MemoryFigures(s.at(), round(s.rss() / MB), round(s.heapUsed() / MB),
                round(s.heapMax() / MB), round(s.nonHeapUsed() / MB));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
