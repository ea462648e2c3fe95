package io.sentio.models.control;

import io.sentio.device.control.EngineConfiguration;
import io.sentio.device.entity.MemoryPlan;
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

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The registry's public face: lends the servable models to requests, loads and unloads them on demand. */
@ApplicationScoped
public class ModelService {

    @Inject
    @ConfigProperty(name = "default.model", defaultValue = "sentiment-e5-small")
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

    @Inject
    EngineFleet fleet;

    private final MemoryReclaimer reclaimer = new MemoryReclaimer(() -> monitoring.system().residentBytes());
    private volatile ModelCatalog catalog = new ModelCatalog(null, Map.of());
    /** Until {@link #open}: an empty registry, and {@code notOpen} says why nothing is served. */
    private volatile ModelRegistry registry = new ModelRegistry(Map::of, folder -> null, 1, Duration.ZERO, reclaimer);
    private volatile String notOpen = "the server is still starting";

    /** Opens the registry over {@code catalog}; with a device problem every load fails with it. */
    void open(ModelCatalog catalog, Optional<String> deviceProblem) {
        this.catalog = catalog;
        EngineSettings settings = engine.settings();
        MemoryPlan plan = engine.memoryPlan();
        ModelMemory memory = new ModelMemory(plan.modelBudgetBytes(), plan.workBytesPerModel(),
                folder -> ModelMemory.fileEstimate(folder, settings), reclaimer::settledResident);
        registry = new ModelRegistry(catalog::models, folder -> {
            if (deviceProblem.isPresent()) {
                throw new IllegalStateException(deviceProblem.get());
            }
            return fleet.load(folder, settings);
        }, cacheSize, Duration.ofSeconds(retrySeconds), reclaimer, memory);
        notOpen = null;
        observer.queueDepth(() -> registry.stats().loaded().stream().mapToInt(LoadedModelInfo::queued).sum());
        observer.modelMemory(() -> registry.chargedBytes(), memory.budgeted()
                ? java.util.OptionalLong.of(memory.budgetBytes()) : java.util.OptionalLong.empty());
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
        if (name == null && !catalog.contains(defaultModel)) {
            // the client named no model: a missing default is the server's problem, not the client's
            throw ModelProblems.unavailable(wanted, "the configured default model is not among "
                    + catalog.models().keySet(), retrySeconds, null);
        }
        return registry.acquire(wanted);
    }

    /**
     * The named model ({@code null}: the default one) if it is loaded and ready now; empty where {@link #acquire}
     * would load it, wait for it or refuse.
     */
    public Optional<ModelRegistry.Lease> acquireLoaded(String name) {
        return notOpen != null ? Optional.empty() : registry.acquireLoaded(name == null ? defaultModel : name);
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

    @PreDestroy
    void stop() {
        registry.close();
        reclaimer.close();
    }
}
