package io.sentio.models.entity;

import io.sentio.device.entity.Hardware;
import io.sentio.monitoring.entity.PerformanceReport;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code GET /api/model-info}: a model, what it runs with, the device, the service's
 * performance and the model cache. Precision, max length and execution provider are the loaded model's own;
 * for a model not loaded, what it would run with.
 *
 * @param name                 model name
 * @param isDefault            whether requests without a model name get it
 * @param labels               class names in the model's order
 * @param scoreFunction        {@code softmax} or {@code sigmoid}
 * @param maxLength            tokens per text it reads at most
 * @param precision            the precision of the ONNX file it runs
 * @param variants             the ONNX files it declares, by precision
 * @param sizeBytes            its folder's size on disk
 * @param loaded               whether it is loaded now
 * @param loadTimeMs           how long its load took (loaded models)
 * @param loadedAt             when it was loaded (loaded models)
 * @param optimizationSettings the engine settings it runs with
 * @param deviceInfo           the device and the hardware
 * @param performance          the service's performance, as {@code /api/performance}
 * @param modelCache           the model cache
 * @param memory               the memory budget of models and what the batch limits were derived from
 * @param lastMemoryCleanup    the last unload's memory release
 */
@JsonbNillable
public record ModelInfo(String name, @JsonbProperty("default") boolean isDefault, List<String> labels,
                        String scoreFunction, int maxLength, String precision, Map<String, String> variants,
                        long sizeBytes, boolean loaded, Long loadTimeMs, Instant loadedAt,
                        OptimizationSettings optimizationSettings, DeviceInfo deviceInfo, PerformanceReport performance,
                        CacheStats modelCache, MemoryBudget memory, MemoryCleanup lastMemoryCleanup) {

    /** The engine settings a model runs with. */
    public record OptimizationSettings(int batchSize, int maxLength, String precision, int intraOpThreads,
                                       int interOpThreads, int parallelRuns, boolean batching, long batchMaxWaitMs,
                                       int tokenBudget, int runOverheadTokens, int queueCapacity) {
    }

    /**
     * The memory models may use and how it was derived (README, Memory): {@code available = limit - heap -
     * reserve}; the model budget is that unless configured; the token budget and queue capacity are derived
     * from it and the heap unless configured ({@code optimizationSettings} shows what runs).
     *
     * @param limitMb              memory the process may use
     * @param limitSource          container memory limit (cgroup) or machine memory
     * @param heapMaxMb            the JVM's maximum heap
     * @param reserveMb            kept for the JVM and the server outside the heap
     * @param availableMb          what models and their runs may hold
     * @param modelBudgetMb        what loaded models may be charged together ({@code null}: no budget)
     * @param budgetSource         {@code derived} or the setting that gave it
     * @param chargedMb            what the loaded models are charged now
     * @param runKbPerToken        working memory of one padded token in one run
     * @param derivedTokenBudget   padded tokens per run the memory allows (a configured value overrides it)
     * @param derivedQueueCapacity queued texts the heap allows (a configured value overrides it)
     * @param workMbPerModel       one model's runs' working memory at the token budget that runs
     */
    @JsonbNillable
    public record MemoryBudget(long limitMb, String limitSource, long heapMaxMb, long reserveMb, long availableMb,
                               Long modelBudgetMb, String budgetSource, long chargedMb, long runKbPerToken,
                               int derivedTokenBudget, int derivedQueueCapacity, long workMbPerModel) {
    }

    /** The device models run on, how it was chosen, and the hardware. */
    public record DeviceInfo(String recommendedDevice, String requestedDevice, String reason, String executionProvider,
                             Hardware hardware) {
    }
}
