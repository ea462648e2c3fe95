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
 * @param lastMemoryCleanup    the last unload's memory release
 */
@JsonbNillable
public record ModelInfo(String name, @JsonbProperty("default") boolean isDefault, List<String> labels,
                        String scoreFunction, int maxLength, String precision, Map<String, String> variants,
                        long sizeBytes, boolean loaded, Long loadTimeMs, Instant loadedAt,
                        OptimizationSettings optimizationSettings, DeviceInfo deviceInfo, PerformanceReport performance,
                        CacheStats modelCache, MemoryCleanup lastMemoryCleanup) {

    /** The engine settings a model runs with. */
    public record OptimizationSettings(int batchSize, int maxLength, String precision, int intraOpThreads,
                                       int interOpThreads, int parallelRuns, boolean batching, long batchMaxWaitMs,
                                       int tokenBudget, int runOverheadTokens, int queueCapacity) {
    }

    /** The device models run on, how it was chosen, and the hardware. */
    public record DeviceInfo(String recommendedDevice, String requestedDevice, String reason, String executionProvider,
                             Hardware hardware) {
    }
}
