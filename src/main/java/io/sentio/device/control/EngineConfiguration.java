package io.sentio.device.control;

import io.sentio.device.entity.Device;
import io.sentio.inference.entity.EngineSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The engine settings the server runs with: the detected device's defaults ({@link Device}), each
 * overridden by its MicroProfile Config key where one is set. Keys left unset have no default here: the
 * device decides.
 */
@ApplicationScoped
public class EngineConfiguration {

    @Inject
    @ConfigProperty(name = "device", defaultValue = "auto")
    String requestedDevice;

    @Inject
    @ConfigProperty(name = "onnx.intra.threads")
    Optional<Integer> intraThreads;

    @Inject
    @ConfigProperty(name = "onnx.inter.threads")
    Optional<Integer> interThreads;

    @Inject
    @ConfigProperty(name = "onnx.spinning")
    Optional<Boolean> spinning;

    @Inject
    @ConfigProperty(name = "onnx.parallel.runs")
    Optional<Integer> parallelRuns;

    @Inject
    @ConfigProperty(name = "batch.max.size")
    Optional<Integer> maxBatchSize;

    @Inject
    @ConfigProperty(name = "batch.token.budget")
    Optional<Integer> tokenBudget;

    @Inject
    @ConfigProperty(name = "batch.run.overhead.tokens")
    Optional<Integer> runOverheadTokens;

    @Inject
    @ConfigProperty(name = "batch.max.wait.ms")
    Optional<Integer> maxWaitMillis;

    @Inject
    @ConfigProperty(name = "batch.queue.capacity")
    Optional<Integer> queueCapacity;

    @Inject
    @ConfigProperty(name = "batch.enabled")
    Optional<Boolean> batching;

    @Inject
    @ConfigProperty(name = "model.max.length")
    Optional<Integer> maxLength;

    @Inject
    @ConfigProperty(name = "model.precision")
    Optional<String> precision;

    private volatile Device device = Device.cpu("not detected yet");

    /** Decides the device with a probe inference on {@code probeModel}; throws when DEVICE=gpu cannot be honoured. */
    public Device detect(Path probeModel) {
        device = DeviceDetector.detect(requestedDevice, probeModel);
        return device;
    }

    public Device device() {
        return device;
    }

    public String requestedDevice() {
        return requestedDevice;
    }

    /** The device's defaults with the configured overrides; throws naming the key of a value out of range. */
    public EngineSettings settings() {
        return device.defaults().with(overrides());
    }

    /** What configuration sets; 0 for threads and parallel runs means "the device's default", as documented. */
    EngineSettings.Overrides overrides() {
        return new EngineSettings.Overrides(
                positive("onnx.intra.threads", intraThreads.filter(t -> t != 0)),
                positive("onnx.inter.threads", interThreads),
                spinning.orElse(null),
                positive("onnx.parallel.runs", parallelRuns.filter(r -> r != 0)),
                positive("batch.max.size", maxBatchSize),
                positive("batch.token.budget", tokenBudget),
                atLeastZero("batch.run.overhead.tokens", runOverheadTokens),
                Optional.ofNullable(atLeastZero("batch.max.wait.ms", maxWaitMillis)).map(Duration::ofMillis).orElse(null),
                positive("batch.queue.capacity", queueCapacity),
                batching.orElse(null),
                atLeastZero("model.max.length", maxLength),
                precision.filter(p -> !p.isBlank()).map(EngineConfiguration::precision).orElse(null));
    }

    private static Integer positive(String key, Optional<Integer> value) {
        return checked(key, value, 1, "a whole number of 1 or more");
    }

    private static Integer atLeastZero(String key, Optional<Integer> value) {
        return checked(key, value, 0, "a whole number of 0 or more");
    }

    private static Integer checked(String key, Optional<Integer> value, int min, String allowed) {
        if (value.isPresent() && value.get() < min) {
            throw new IllegalArgumentException(key + " (" + key.toUpperCase().replace('.', '_') + ") is "
                    + value.get() + "; allowed: " + allowed);
        }
        return value.orElse(null);
    }

    private static String precision(String value) {
        String p = value.trim().toLowerCase();
        if (!p.equals("int8") && !p.equals("float16") && !p.equals("float32")) {
            throw new IllegalArgumentException("model.precision (MODEL_PRECISION) is '" + value
                    + "'; allowed: int8, float16 or float32");
        }
        return p;
    }
}
