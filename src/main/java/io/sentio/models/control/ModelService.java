package io.sentio.models.control;

import io.sentio.inference.control.BatchObserver;
import io.sentio.inference.control.SentimentModel;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.models.entity.ModelFolder;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
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

    private Path extracted;
    private ModelCatalog catalog;
    private ModelRegistry registry;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        extracted = createExtractionDir();
        Map<String, ModelFolder> bundled = new HashMap<>();
        try {
            ModelCatalog.extractBundled(getClass().getClassLoader(), defaultModel, extracted)
                    .ifPresent(folder -> bundled.put(folder.name(), folder));
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot extract the bundled model " + defaultModel, e);
        }
        catalog = new ModelCatalog(Path.of(modelsDir).toAbsolutePath(), bundled);
        EngineSettings settings = engine.settings();
        registry = new ModelRegistry(catalog::models, folder -> load(folder, settings), cacheSize,
                Duration.ofSeconds(retrySeconds), name -> System.gc());
        LOG.info(() -> "models directory " + Path.of(modelsDir).toAbsolutePath() + ", servable models "
                + catalog.models().keySet() + ", default " + defaultModel);
        try {
            registry.warm(defaultModel);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "the default model " + defaultModel + " cannot be served: " + e.getMessage());
        }
    }

    private SentimentModel load(ModelFolder folder, EngineSettings settings) throws IOException {
        return SentimentModel.load(folder.dir(), engine.precision(), settings, engine.cuda(), BatchObserver.NONE);
    }

    /** The named model ({@code null}: the default one), held until the lease is closed. */
    public ModelRegistry.Lease acquire(String name) {
        String wanted = name == null ? defaultModel : name;
        if (registry == null) {
            throw new ModelUnavailableException(wanted, new IllegalStateException("the server is still starting"));
        }
        return registry.acquire(wanted);
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
