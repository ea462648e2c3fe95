package io.sentio.monitoring.control;

import io.sentio.monitoring.entity.MemorySample;
import io.sentio.monitoring.entity.RequestOutcome;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    public Map<String, Object> report() {
        PerformanceMonitor.Snapshot s = performance.snapshot();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_requests", s.totalRequests());
        out.put("total_texts", s.totalTexts());
        out.put("avg_processing_time", round(s.avgMillis()));
        out.put("min_processing_time", round(s.minMillis()));
        out.put("max_processing_time", round(s.maxMillis()));
        out.put("latency_percentiles", Map.of("p50", round(s.p50Millis()), "p95", round(s.p95Millis()),
                "p99", round(s.p99Millis())));
        out.put("requests_per_minute", s.requestsLastMinute());
        out.put("error_rate", round(s.errorRatePercent()));
        out.put("requests_by_status", s.byStatus());
        out.put("errors_by_type", s.errorsByType());
        out.put("uptime_seconds", (System.currentTimeMillis() - startedAt) / 1000);
        out.put("seconds_since_reset", Math.round(s.secondsSinceReset()));
        MemorySample now = sampleNow();
        out.put("memory_usage_mb", round(now.rss() / MB));
        out.put("system_metrics", Map.of("cpu_percent", system.cpuPercent(), "memory_percent", system.memoryPercent(),
                "threads", system.processThreads()));
        Map<String, Object> mem = new LinkedHashMap<>();
        mem.put("current", megabytes(now));
        mem.put("peak", memory.peak().map(Monitoring::megabytes).orElse(null));
        mem.put("sample_seconds", sampleSeconds);
        List<Map<String, Object>> history = memory.samples().stream().map(Monitoring::megabytes).toList();
        mem.put("history", history);
        out.put("memory", mem);
        return out;
    }

    private MemorySample sampleNow() {
        MemoryMXBean bean = ManagementFactory.getMemoryMXBean();
        return new MemorySample(Instant.now(), bean.getHeapMemoryUsage().getUsed(), bean.getHeapMemoryUsage().getMax(),
                bean.getNonHeapMemoryUsage().getUsed(), system.residentBytes());
    }

    private static Map<String, Object> megabytes(MemorySample s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("at", s.at().toString());
        m.put("rss_mb", round(s.rss() / MB));
        m.put("heap_used_mb", round(s.heapUsed() / MB));
        m.put("heap_max_mb", round(s.heapMax() / MB));
        m.put("non_heap_used_mb", round(s.nonHeapUsed() / MB));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
