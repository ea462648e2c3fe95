package io.sentio.models.control;

import io.sentio.inference.control.SentimentModel;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.models.entity.ModelFolder;
import io.sentio.models.entity.MemoryCleanup;
import io.sentio.monitoring.control.ServiceMetrics;
import io.sentio.monitoring.control.Monitoring;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** The server's models: finds them, loads the default one at start, and lends them to requests. */
@ApplicationScoped
public class ModelService {

    private static final Logger LOG = Logger.getLogger(ModelService.class.getName());

    @Inject
    @ConfigProperty(name = "models.dir", defaultValue = "models")
    String modelsDir;

    @Inject
    @ConfigProperty(name = "default.model", defaultValue = "sst2-bge-small")
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

    private volatile boolean started;
    private volatile String deviceProblem;
    private volatile MemoryCleanup lastCleanup;
    private volatile String defaultProblem = "not loaded yet";
    private Path extracted;
    private ModelCatalog catalog;
    private ModelRegistry registry;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        extracted = createExtractionDir();
        Map<String, ModelFolder> bundled = new HashMap<>();
        for (String name : ModelCatalog.bundledNames(getClass().getClassLoader())) {
            try {
                ModelCatalog.extractBundled(getClass().getClassLoader(), name, extracted)
                        .ifPresent(folder -> bundled.put(folder.name(), folder));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot extract the bundled model " + name, e);
            }
        }
        catalog = new ModelCatalog(Path.of(modelsDir).toAbsolutePath(), bundled);
        detectDevice();
        EngineSettings settings = engine.settings();
        registry = new ModelRegistry(catalog::models, folder -> load(folder, settings), cacheSize,
                Duration.ofSeconds(retrySeconds), this::unload);
        LOG.info(() -> "models directory " + Path.of(modelsDir).toAbsolutePath() + ", servable models "
                + catalog.models().keySet() + ", default " + defaultModel);
        probeDefault();
        started = true;
    }

    /** Loads the default model and checks that it answers; readiness reports the outcome. */
    private void probeDefault() {
        try (ModelRegistry.Lease lease = registry.acquire(defaultModel)) {
            lease.model().analyze(List.of("probe")).get(60, TimeUnit.SECONDS);
            defaultProblem = null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            defaultProblem = e.getMessage();
            LOG.log(Level.SEVERE, "the default model " + defaultModel + " cannot be served: " + e.getMessage());
        } catch (InterruptedException e) {
            defaultProblem = "interrupted while loading";
            Thread.currentThread().interrupt();
        }
    }

    /** Empty when the default model is loaded and answers; else why not. */
    public Optional<String> defaultModelProblem() {
        if (!started) {
            return Optional.of("the server is starting");
        }
        Optional<String> failure = registry.failure(defaultModel).map(Throwable::getMessage);
        return failure.isPresent() ? failure : Optional.ofNullable(defaultProblem);
    }

    public boolean started() {
        return started;
    }

    private void detectDevice() {
        ModelFolder probe = catalog.models().get(defaultModel);
        Path probeModel = probe == null ? null : probe.dir().resolve(
                Files.exists(probe.dir().resolve("model.fp16.onnx")) ? "model.fp16.onnx" : "model.onnx");
        try {
            var device = engine.detect(probeModel);
            LOG.info(() -> "device " + device.kind() + " (" + device.reason() + "), settings " + engine.settings()
                    + ", precision " + engine.precision());
        } catch (RuntimeException e) {
            deviceProblem = e.getMessage();
            LOG.severe(() -> "no model will be served: " + deviceProblem);
        }
    }

    private SentimentModel load(ModelFolder folder, EngineSettings settings) throws IOException {
        if (deviceProblem != null) {
            throw new IllegalStateException(deviceProblem);
        }
        SentimentModel model = SentimentModel.load(folder.dir(), engine.precision(), settings, engine.cuda(), observer);
        // what loading needed only for a while (the parsed file, graph optimization) goes back to the system too
        NativeHeap.trim();
        return model;
    }

    /**
     * Closes an unloaded model, asks for a GC, hands the C heap's free memory back to the system, and
     * records resident memory before and after.
     */
    private void unload(String name, Runnable close) {
        long before = monitoring.system().residentBytes();
        long start = System.nanoTime();
        close.run();
        System.gc();
        boolean trimmed = NativeHeap.trim();
        long millis = (System.nanoTime() - start) / 1_000_000;
        long after = monitoring.system().residentBytes();
        lastCleanup = new MemoryCleanup(name, Instant.now(), before >> 20, after >> 20, trimmed, millis);
        LOG.info(() -> "released model " + name + " in " + millis + " ms: resident memory " + (before >> 20) + " MB -> "
                + (after >> 20) + " MB");
    }

    public Optional<MemoryCleanup> lastCleanup() {
        return Optional.ofNullable(lastCleanup);
    }

    /** The named model ({@code null}: the default one), held until the lease is closed. */
    public ModelRegistry.Lease acquire(String name) {
        String wanted = name == null ? defaultModel : name;
        if (registry == null) {
            throw new ModelUnavailableException(wanted, new IllegalStateException("the server is still starting"));
        }
        try {
            return registry.acquire(wanted);
        } catch (UnknownModelException e) {
            if (name == null) {
                // the client named no model: a missing default is the server's problem, not the client's
                throw new ModelUnavailableException(wanted, new IllegalStateException(
                        "the configured default model is not among " + catalog.models().keySet()));
            }
            throw e;
        }
    }

    public String defaultModel() {
        return defaultModel;
    }

    public Map<String, ModelFolder> models() {
        return catalog.models();
    }

    public ModelRegistry registry() {
        return registry;
    }

    public Optional<Throwable> failure(String name) {
        return registry.failure(name);
    }

    @PreDestroy
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (extracted != null) {
            try (Stream<Path> files = Files.walk(extracted)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                LOG.log(Level.FINE, "leaving " + extracted, e);
            }
        }
    }

    private static Path createExtractionDir() {
        try {
            return Files.createTempDirectory("sentio-models");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
