package io.sentio.models.control;

import io.sentio.device.control.EngineConfiguration;
import io.sentio.device.entity.Device;
import io.sentio.models.entity.ModelFolder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the model service when the application starts: extracts the bundled models, lists the servable
 * ones, decides the device, opens the registry, and loads the default model and checks that it answers.
 * What went wrong on the way is what readiness reports.
 */
@ApplicationScoped
public class ModelStartup {

    private static final Logger LOG = Logger.getLogger(ModelStartup.class.getName());

    @Inject
    @ConfigProperty(name = "models.dir", defaultValue = "models")
    String modelsDir;

    @Inject
    BundledModels bundled;

    @Inject
    EngineConfiguration engine;

    @Inject
    ModelService models;

    private volatile boolean started;
    private volatile String problem = "the server is starting";

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        try {
            ModelCatalog catalog = new ModelCatalog(Path.of(modelsDir).toAbsolutePath(), extractBundled());
            Optional<String> deviceProblem = detectDevice(catalog.models().get(models.defaultModel()));
            models.open(catalog, deviceProblem);
            LOG.info(() -> "models directory " + Path.of(modelsDir).toAbsolutePath() + ", servable models "
                    + catalog.models().keySet() + ", default " + models.defaultModel() + ", engine " + engine.settings());
            problem = deviceProblem.orElseGet(this::probeDefault);
        } catch (RuntimeException e) {
            problem = e.getMessage();
            models.fail(e.getMessage());
            LOG.severe(() -> "the model service could not start: " + e.getMessage());
        }
        started = true;
    }

    private Map<String, ModelFolder> extractBundled() {
        try {
            return bundled.extract();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot extract the bundled models", e);
            return Map.of();
        }
    }

    private Optional<String> detectDevice(ModelFolder probe) {
        Path probeModel = probe == null ? null : probe.dir().resolve(
                Files.exists(probe.dir().resolve("model.fp16.onnx")) ? "model.fp16.onnx" : "model.onnx");
        try {
            Device device = engine.detect(probeModel);
            LOG.info(() -> "device " + device.kind() + " (" + device.reason() + ")");
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.severe(() -> "no model will be served: " + e.getMessage());
            return Optional.of(e.getMessage());
        }
    }

    /** Loads the default model and runs one text through it; null when it answered, else why not. */
    private String probeDefault() {
        try (ModelRegistry.Lease lease = models.acquire(null)) {
            lease.model().analyze(List.of("probe")).get(60, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.log(Level.SEVERE, "the default model " + models.defaultModel() + " cannot be served: " + e.getMessage());
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while loading";
        }
    }

    public boolean started() {
        return started;
    }

    /** Why the default model could not be served at start (device, load or probe); empty when it answered. */
    public Optional<String> startProblem() {
        return Optional.ofNullable(problem);
    }
}
