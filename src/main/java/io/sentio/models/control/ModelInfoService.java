package io.sentio.models.control;

import io.sentio.device.control.EngineConfiguration;
import io.sentio.device.control.HardwareInfo;
import io.sentio.device.entity.Device;
import io.sentio.device.entity.Hardware;
import io.sentio.device.entity.MemoryPlan;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.inference.entity.ModelConfig;
import io.sentio.models.entity.CacheStats;
import io.sentio.models.entity.LoadedModelInfo;
import io.sentio.models.entity.ModelFolder;
import io.sentio.models.entity.ModelInfo;
import io.sentio.models.entity.ModelSummary;
import io.sentio.monitoring.control.Monitoring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Describes the servable models and the cache for the model endpoints. */
@ApplicationScoped
public class ModelInfoService {

    @Inject
    ModelService models;

    @Inject
    EngineConfiguration engine;

    @Inject
    Monitoring monitoring;

    private final ModelConfigs configs = new ModelConfigs();
    private volatile Hardware hardware;

    /** Hardware does not change while the server runs, except free memory: read it once, then refresh that. */
    private Hardware hardware() {
        if (hardware == null) {
            hardware = HardwareInfo.describe();
        }
        return hardware.withAvailableMemoryMb(monitoring.system().availableMemory() >> 20);
    }

    public List<ModelSummary> summaries() {
        List<ModelSummary> all = new ArrayList<>();
        for (ModelFolder folder : models.models().values()) {
            Optional<LoadedModelInfo> loaded = models.registry().loaded(folder.name());
            List<String> labels;
            String error = models.registry().failure(folder.name()).map(Throwable::getMessage).orElse(null);
            try {
                labels = configs.of(folder.dir()).labels();
            } catch (IOException | RuntimeException e) {
                labels = List.of();
                error = "config.json: " + e.getMessage();
            }
            all.add(new ModelSummary(folder.name(), folder.name().equals(models.defaultModel()), labels,
                    folder.sizeBytes(), folder.bundled(), loaded.isPresent(),
                    loaded.map(LoadedModelInfo::lastUsed).orElse(null),
                    loaded.map(LoadedModelInfo::loadMillis).orElse(null), error));
        }
        return all;
    }

    /**
     * The named model (default: the default model) with its settings and the cache state. A loaded model
     * reports what it runs; one not loaded, what it would run with the current settings.
     */
    public ModelInfo describe(String name) {
        String wanted = name == null || name.isBlank() ? models.defaultModel() : name;
        ModelFolder folder = models.models().get(wanted);
        if (folder == null) {
            throw ModelProblems.unknown(wanted, models.models().keySet());
        }
        ModelConfig config;
        try {
            config = configs.of(folder.dir());
        } catch (IOException e) {
            throw ModelProblems.unavailable(wanted, e, 1);
        }
        EngineSettings settings = engine.settings();
        Optional<LoadedModelInfo> loaded = models.registry().loaded(wanted);
        String precision = loaded.map(LoadedModelInfo::precision).orElse(config.variant(settings.precision()).precision());
        int maxLength = loaded.map(LoadedModelInfo::maxLength).orElse(config.maxLength(settings.maxLength()));
        String provider = loaded.map(LoadedModelInfo::executionProvider).orElse(settings.executionProvider());
        Device device = engine.device();
        CacheStats cache = models.registry().stats();
        return new ModelInfo(wanted, wanted.equals(models.defaultModel()), config.labels(),
                config.scoring().name().toLowerCase(), maxLength, precision, config.variants(), folder.sizeBytes(),
                loaded.isPresent(), loaded.map(LoadedModelInfo::loadMillis).orElse(null),
                loaded.map(LoadedModelInfo::loadedAt).orElse(null),
                new ModelInfo.OptimizationSettings(settings.maxBatchSize(), maxLength, precision,
                        settings.intraOpThreads(), settings.interOpThreads(), settings.parallelRuns(), settings.batching(),
                        settings.maxWait().toMillis(), settings.tokenBudget(), settings.runOverheadTokens(),
                        settings.queueCapacity()),
                new ModelInfo.DeviceInfo(device.kind(), engine.requestedDevice(), device.reason(), provider, hardware()),
                monitoring.report(), cache, memory(engine.memoryPlan(), cache), models.lastCleanup().orElse(null));
    }

    private static ModelInfo.MemoryBudget memory(MemoryPlan plan, CacheStats cache) {
        return new ModelInfo.MemoryBudget(plan.limitBytes() >> 20, plan.limitSource(), plan.heapMaxBytes() >> 20,
                plan.reserveBytes() >> 20, plan.availableBytes() >> 20, cache.memoryBudgetMb(), plan.budgetSource(),
                cache.chargedMb(), plan.runBytesPerToken() >> 10, plan.tokenBudget(), plan.queueCapacity(),
                plan.workBytesPerModel() >> 20);
    }
}
