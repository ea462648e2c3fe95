package io.sentio.monitoring.control;

import io.sentio.inference.control.BatchObserver;
import io.sentio.monitoring.entity.RequestOutcome;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * MicroProfile Metrics of the service. Each stage's owner reports its own figures: the request log the
 * requests, the model the tokenization, the batcher queue waits, batch sizes and inference runs.
 * Names follow Prometheus conventions; the runtime appends {@code _total} to counters and the unit.
 */
@ApplicationScoped
public class ServiceMetrics implements BatchObserver {

    @Inject
    MetricRegistry registry;

    @Inject
    Monitoring monitoring;

    // Prometheus histograms with fixed buckets, which add up across replicas (summaries' quantiles do not)
    private final BucketHistogram requestDuration = new BucketHistogram("sentio_request_duration_seconds",
            "Time from a request's arrival to its answer", BucketHistogram.REQUEST_SECONDS);
    private final BucketHistogram tokenization = new BucketHistogram("sentio_tokenization_duration_seconds",
            "Time to tokenize the texts of one request", BucketHistogram.TOKENIZE_SECONDS);
    private final BucketHistogram queueWait = new BucketHistogram("sentio_queue_wait_duration_seconds",
            "Time a text waited in the batcher's queue before its run", BucketHistogram.REQUEST_SECONDS);
    private final BucketHistogram inference = new BucketHistogram("sentio_inference_duration_seconds",
            "Time of one ONNX Runtime run over a batch", BucketHistogram.RUN_SECONDS);
    private final BucketHistogram batchSize = new BucketHistogram("sentio_batch_size", "Texts per ONNX Runtime run",
            BucketHistogram.BATCH_TEXTS);
    private Counter abandoned;
    private Counter disconnects;
    // the registry's lookup builds metadata and tags each time: keep the counters of this hot path
    private final ConcurrentMap<Integer, Counter> requestsByStatus = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> errorsByType = new ConcurrentHashMap<>();
    private final AtomicLong realTokens = new AtomicLong();
    private final AtomicLong paddedTokens = new AtomicLong();

    @PostConstruct
    void register() {
        abandoned = registry.counter(metadata("sentio_abandoned_runs",
                "Runs stopped because every caller had given up", MetricUnits.NONE));
        disconnects = registry.counter(metadata("sentio_client_disconnects",
                "Answers that could not be written because the client had gone", MetricUnits.NONE));
        registry.gauge(metadata("sentio_padding_efficiency",
                        "Real tokens per padded token over all runs (1 = no padding waste)", MetricUnits.NONE),
                this, ServiceMetrics::paddingEfficiency);
        registry.gauge(metadata("sentio_memory_rss", "Resident memory of the server process at the last sample",
                MetricUnits.BYTES), this, m -> m.monitoring.memory().latest().map(s -> s.rss()).orElse(0L));
        registry.gauge(metadata("sentio_memory_heap_used", "Java heap in use at the last sample",
                MetricUnits.BYTES), this, m -> m.monitoring.memory().latest().map(s -> s.heapUsed()).orElse(0L));
        registry.gauge(metadata("sentio_memory_non_heap_used", "Java non-heap memory in use at the last sample",
                MetricUnits.BYTES), this, m -> m.monitoring.memory().latest().map(s -> s.nonHeapUsed()).orElse(0L));
    }

    private static Metadata metadata(String name, String description, String unit) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
    }

    /** The texts waiting in the engines' queues, as their owner counts them. */
    public void queueDepth(IntSupplier waiting) {
        registry.gauge(metadata("sentio_queue_depth", "Texts waiting in the batchers' queues of all loaded models",
                MetricUnits.NONE), waiting::getAsInt);
    }

    /**
     * The models' memory, as the model registry accounts for it: what loaded models are charged, and the budget
     * they are kept within (not registered when there is none).
     */
    public void modelMemory(LongSupplier charged, java.util.OptionalLong budget) {
        registry.gauge(metadata("sentio_models_memory_charged", "Memory the loaded models are charged: their loads "
                + "(measured) and their runs' working memory", MetricUnits.BYTES), charged::getAsLong);
        if (budget.isPresent()) {
            long bytes = budget.getAsLong();
            registry.gauge(metadata("sentio_models_memory_budget", "Memory the loaded models may be charged together "
                    + "(MODEL_MEMORY_BUDGET_MB or derived)", MetricUnits.BYTES), () -> bytes);
        }
    }

    private double paddingEfficiency() {
        long padded = paddedTokens.get();
        return padded == 0 ? 1.0 : (double) realTokens.get() / padded;
    }

    /** The histograms now, for {@code /metrics}. */
    public List<BucketHistogram.Snapshot> histograms() {
        return Stream.of(requestDuration, tokenization, queueWait, inference, batchSize)
                .map(BucketHistogram::snapshot).toList();
    }

    public void request(RequestOutcome outcome) {
        requestDuration.observe(outcome.millis() / 1e3);
        requestsByStatus.computeIfAbsent(outcome.status(), status -> registry.counter(metadata("sentio_requests",
                "Analysis requests answered, by HTTP status", MetricUnits.NONE), new Tag("status", status.toString()))).inc();
        if (outcome.errorType() != null) {
            errorsByType.computeIfAbsent(outcome.errorType(), type -> registry.counter(metadata("sentio_errors",
                    "Analysis requests that failed, by kind of error", MetricUnits.NONE), new Tag("type", type))).inc();
        }
    }

    @Override
    public void tokenized(int texts, long nanos) {
        tokenization.observe(nanos / 1e9);
    }

    @Override
    public void queued(long waitNanos) {
        queueWait.observe(waitNanos / 1e9);
    }

    @Override
    public void ran(int texts, long real, long padded, long inferenceNanos) {
        inference.observe(inferenceNanos / 1e9);
        batchSize.observe(texts);
        realTokens.addAndGet(real);
        paddedTokens.addAndGet(padded);
    }

    public void clientDisconnected() {
        disconnects.inc();
    }

    @Override
    public void abandoned(int texts) {
        abandoned.inc();
    }
}
