package io.sentio.models.control;

import io.sentio.device.control.DeviceDetector;
import io.sentio.device.entity.Device;
import io.sentio.inference.entity.EngineSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * ONNX Runtime and batcher settings: the detected device's defaults, each overridden by its
 * MicroProfile Config key where one is set.
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
    @ConfigProperty(name = "onnx.inter.threads", defaultValue = "1")
    int interThreads;

    @Inject
    @ConfigProperty(name = "onnx.spinning", defaultValue = "false")
    boolean spinning;

    @Inject
    @ConfigProperty(name = "onnx.parallel.runs")
    Optional<Integer> parallelRuns;

    @Inject
    @ConfigProperty(name = "batch.max.size")
    Optional<Integer> maxBatchSize;

    @Inject
    @ConfigProperty(name = "batch.token.budget", defaultValue = "4096")
    int tokenBudget;

    @Inject
    @ConfigProperty(name = "batch.run.overhead.tokens", defaultValue = "8")
    int runOverheadTokens;

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

    public EngineSettings settings() {
        Device d = device;
        int threads = intraThreads.filter(t -> t > 0).orElse(d.intraOpThreads());
        return new EngineSettings(threads, interThreads, spinning, parallelRuns.filter(r -> r > 0).orElse(d.parallelRuns()),
                maxBatchSize.orElse(d.batchSize()), d.gpu() ? Math.max(tokenBudget, 16384) : tokenBudget,
                runOverheadTokens, Duration.ofMillis(maxWaitMillis), queueCapacity, batching,
                maxLength.filter(m -> m >= 0).orElse(d.maxLength()));
    }

    public String precision() {
        return precision.filter(p -> !p.isBlank()).orElse(device.precision());
    }

    public boolean cuda() {
        return device.gpu();
    }
}
