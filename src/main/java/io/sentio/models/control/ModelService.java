package io.sentio.models.control;

import io.sentio.device.control.EngineConfiguration;
import io.sentio.device.entity.MemoryPlan;
import io.sentio.inference.control.ModelConfigReader;
import io.sentio.inference.control.SentimentModel;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.models.entity.LoadedModelInfo;
import io.sentio.models.entity.MemoryCleanup;
import io.sentio.models.entity.ModelFolder;
import io.sentio.monitoring.control.Monitoring;
import io.sentio.monitoring.control.ServiceMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The registry's public face: lends the servable models to requests, loads and unloads them on demand. */
@ApplicationScoped
public class ModelService {

    @Inject
    @ConfigProperty(name = "default.model", defaultValue = "sentiment-bge-small")
    String defaultModel;

    @Inject
    @ConfigProperty(name = "model.cache.size", defaultValue = "3")
    int cacheSize;

    @Inject
    @ConfigProperty(name = "model.retry.seconds", defaultValue = "10")
    int retrySeconds;

    @Inject
    EngineConfiguration engine;

    @Inject
    ServiceMetrics observer;

    @Inject
    Monitoring monitoring;

    private final MemoryReclaimer reclaimer = new MemoryReclaimer(() -> monitoring.system().residentBytes());
    private volatile ModelCatalog catalog = new ModelCatalog(null, Map.of());
    /** Until {@link #open}: an empty registry, and {@code notOpen} says why nothing is served. */
    private volatile ModelRegistry registry = new ModelRegistry(Map::of, folder -> null, 1, Duration.ZERO, reclaimer);
    private volatile String notOpen = "the server is still starting";
    /** Every model loaded and not yet closed, evicted ones still in use included: what {@link #drain} stops. */
    private final Set<SentimentModel> engines = ConcurrentHashMap.newKeySet();
    private volatile String stopping;

    /** Opens the registry over {@code catalog}; with a device problem every load fails with it. */
    void open(ModelCatalog catalog, Optional<String> deviceProblem) {
        this.catalog = catalog;
        EngineSettings settings = engine.settings();
        MemoryPlan plan = engine.memoryPlan();
        ModelMemory memory = new ModelMemory(plan.modelBudgetBytes(), plan.workBytesPerModel(),
                folder -> loadEstimate(folder, settings), reclaimer::settledResident);
        registry = new ModelRegistry(catalog::models, folder -> {
            if (deviceProblem.isPresent()) {
                throw new IllegalStateException(deviceProblem.get());
            }
            SentimentModel model = SentimentModel.load(folder.dir(), settings, observer);
            engines.removeIf(SentimentModel::isClosed);
            engines.add(model);
            return model;
        }, cacheSize, Duration.ofSeconds(retrySeconds), reclaimer, memory);
        notOpen = null;
        observer.queueDepth(() -> registry.stats().loaded().stream().mapToInt(LoadedModelInfo::queued).sum());
        observer.modelMemory(() -> registry.chargedBytes(), memory.budgeted()
                ? java.util.OptionalLong.of(memory.budgetBytes()) : java.util.OptionalLong.empty());
    }

    /**
     * What loading a folder will add to resident memory, judged from the files it will load: the ONNX file of
     * the precision that runs and the tokenizer, times 1.5 (loads of the shipped int8 model added 1.0 to 1.2
     * times its file's size; the measured figure replaces the estimate once loaded). A folder
     * whose configuration cannot be read counts with all its files.
     */
    static long loadEstimate(ModelFolder folder, EngineSettings settings) {
        long bytes;
        try {
            String onnx = ModelConfigReader.read(folder.dir()).variant(settings.precision()).file();
            bytes = Files.size(folder.dir().resolve(onnx)) + Files.size(folder.dir().resolve("tokenizer.json"));
        } catch (IOException | RuntimeException e) {
            bytes = folder.sizeBytes();
        }
        return bytes / 2 * 3;
    }

    /** Why no model can be served at all (the start failed); requests are answered with it. */
    void fail(String why) {
        notOpen = why;
    }

    /** The named model ({@code null}: the default one), held until the lease is closed. */
    public ModelRegistry.Lease acquire(String name) {
        String wanted = name == null ? defaultModel : name;
        if (notOpen != null) {
            throw ModelProblems.unavailable(wanted, notOpen, retrySeconds, null);
        }
        if (name == null && !catalog.models().containsKey(defaultModel)) {
            // the client named no model: a missing default is the server's problem, not the client's
            throw ModelProblems.unavailable(wanted, "the configured default model is not among "
                    + catalog.models().keySet(), retrySeconds, null);
        }
        return registry.acquire(wanted);
    }

    /** Loads a model without using it. */
    public void load(String name) {
        acquire(name).close();
    }

    /** Unloads a model now, or when its last request is done; false when it was not loaded. */
    public boolean unload(String name) {
        if (!catalog.models().containsKey(name)) {
            throw ModelProblems.unknown(name, catalog.models().keySet());
        }
        return registry.unload(name);
    }

    public String defaultModel() {
        return defaultModel;
    }

    public Map<String, ModelFolder> models() {
        return catalog.models();
    }

    /** The cache itself, to read: what is loaded, what failed, its figures. */
    public ModelRegistry registry() {
        return registry;
    }

    public Optional<MemoryCleanup> lastCleanup() {
        return reclaimer.lastCleanup();
    }

    /**
     * Graceful stop: from now on new analyses are refused (503 shutting-down), the ones admitted get up to
     * {@code grace} to finish, then every engine is stopped (a run still going is terminated) so that no thread
     * is inside ONNX Runtime when the process exits. True when every admitted analysis finished in time.
     */
    public boolean drain(Duration grace) throws InterruptedException {
        stopping = "the server is shutting down";
        registry.refuseNew(stopping + "; retry, another instance will answer");
        try {
            return registry.awaitIdle(grace);
        } finally {
            engines.forEach(SentimentModel::halt);
        }
    }

    /** Why this server takes no new analyses (it is stopping); empty while it serves. */
    public Optional<String> stopping() {
        return Optional.ofNullable(stopping);
    }

    @PreDestroy
    void stop() {
        registry.close();
        reclaimer.close();
    }
}
