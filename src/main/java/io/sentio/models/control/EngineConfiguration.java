package io.sentio.models.control;

import io.sentio.inference.entity.EngineSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;

/** ONNX Runtime and batcher settings from MicroProfile Config, with measured defaults for CPUs. */
@ApplicationScoped
public class EngineConfiguration {

    @Inject
    @ConfigProperty(name = "onnx.intra.threads", defaultValue = "0")
    int intraThreads;

    @Inject
    @ConfigProperty(name = "onnx.inter.threads", defaultValue = "1")
    int interThreads;

    @Inject
    @ConfigProperty(name = "onnx.spinning", defaultValue = "false")
    boolean spinning;

    @Inject
    @ConfigProperty(name = "batch.max.size", defaultValue = "32")
    int maxBatchSize;

    @Inject
    @ConfigProperty(name = "batch.token.budget", defaultValue = "4096")
    int tokenBudget;

    @Inject
    @ConfigProperty(name = "batch.max.wait.ms", defaultValue = "2")
    int maxWaitMillis;

    @Inject
    @ConfigProperty(name = "batch.queue.capacity", defaultValue = "1024")
    int queueCapacity;

    @Inject
    @ConfigProperty(name = "batch.enabled", defaultValue = "true")
    boolean batching;

    @Inject
    @ConfigProperty(name = "model.max.length", defaultValue = "0")
    int maxLength;

    @Inject
    @ConfigProperty(name = "model.precision", defaultValue = "int8")
    String precision;

    public EngineSettings settings() {
        int threads = intraThreads > 0 ? intraThreads : Runtime.getRuntime().availableProcessors();
        return new EngineSettings(threads, interThreads, spinning, maxBatchSize, tokenBudget,
                Duration.ofMillis(maxWaitMillis), queueCapacity, batching, maxLength);
    }

    public String precision() {
        return precision;
    }

    public boolean cuda() {
        return false;
    }
}
