package io.sentio.models.control;

import io.sentio.inference.control.ModelConfigReader;
import io.sentio.device.control.HardwareInfo;
import io.sentio.device.entity.Device;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.inference.entity.ModelConfig;
import io.sentio.models.entity.CacheStats;
import io.sentio.models.entity.LoadedModelInfo;
import io.sentio.models.entity.ModelFolder;
import io.sentio.models.entity.ModelSummary;
import io.sentio.monitoring.control.Monitoring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    private volatile Map<String, Object> hardware;

    /** Hardware does not change while the server runs, except free memory: read it once, then refresh that. */
    private Map<String, Object> hardware() {
        if (hardware == null) {
            hardware = HardwareInfo.describe();
        }
        Map<String, Object> now = new LinkedHashMap<>(hardware);
        now.put("available_memory_mb", monitoring.system().availableMemory() >> 20);
        return now;
    }

    public List<ModelSummary> summaries() {
        List<ModelSummary> all = new ArrayList<>();
        for (ModelFolder folder : models.models().values()) {
            Optional<LoadedModelInfo> loaded = models.registry().loaded(folder.name());
            List<String> labels;
            String error = models.failure(folder.name()).map(Throwable::getMessage).orElse(null);
            try {
                labels = ModelConfigReader.read(folder.dir()).labels();
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

    /** The named model (default: the default model) with its settings and the cache state. */
    public Map<String, Object> describe(String name) {
        String wanted = name == null || name.isBlank() ? models.defaultModel() : name;
        ModelFolder folder = models.models().get(wanted);
        if (folder == null) {
            throw new UnknownModelException(wanted, models.models().keySet());
        }
        ModelConfig config;
        try {
            config = ModelConfigReader.read(folder.dir());
        } catch (IOException e) {
            throw new ModelUnavailableException(wanted, e);
        }
        EngineSettings settings = engine.settings();
        int maxLength = settings.maxLength() > 0 ? Math.min(settings.maxLength(), config.maxLength()) : config.maxLength();
        Optional<LoadedModelInfo> loaded = models.registry().loaded(wanted);
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", wanted);
        info.put("default", wanted.equals(models.defaultModel()));
        info.put("labels", config.labels());
        info.put("score_function", config.scoring().name().toLowerCase());
        info.put("max_length", maxLength);
        info.put("precision", config.variants().containsKey(engine.precision()) ? engine.precision() : "float32");
        info.put("variants", config.variants());
        info.put("size_bytes", folder.sizeBytes());
        info.put("loaded", loaded.isPresent());
        loaded.ifPresent(l -> {
            info.put("load_time_ms", l.loadMillis());
            info.put("loaded_at", l.loadedAt().toString());
        });
        Map<String, Object> optimization = new LinkedHashMap<>();
        optimization.put("batch_size", settings.maxBatchSize());
        optimization.put("max_length", maxLength);
        optimization.put("precision", info.get("precision"));
        optimization.put("intra_op_threads", settings.intraOpThreads());
        optimization.put("inter_op_threads", settings.interOpThreads());
        optimization.put("parallel_runs", settings.parallelRuns());
        optimization.put("batching", settings.batching());
        optimization.put("batch_max_wait_ms", settings.maxWait().toMillis());
        optimization.put("token_budget", settings.tokenBudget());
        optimization.put("run_overhead_tokens", settings.runOverheadTokens());
        info.put("optimization_settings", optimization);
        Device device = engine.device();
        Map<String, Object> deviceInfo = new LinkedHashMap<>();
        deviceInfo.put("recommended_device", device.kind());
        deviceInfo.put("requested_device", engine.requestedDevice());
        deviceInfo.put("reason", device.reason());
        deviceInfo.put("execution_provider", device.gpu() ? "CUDAExecutionProvider" : "CPUExecutionProvider");
        deviceInfo.put("hardware", hardware());
        info.put("device_info", deviceInfo);
        info.put("performance", monitoring.report());
        CacheStats cache = models.registry().stats();
        info.put("model_cache", cache);
        info.put("last_memory_cleanup", models.lastCleanup().orElse(null));
        return info;
    }
}
