package io.sentio.device.control;

import io.sentio.device.entity.Device;
import io.sentio.device.entity.MemoryPlan;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.settings.control.ValidatedSettings;
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
    Optional<String> intraThreads;

    @Inject
    @ConfigProperty(name = "onnx.inter.threads")
    Optional<String> interThreads;

    @Inject
    @ConfigProperty(name = "onnx.spinning")
    Optional<String> spinning;

    @Inject
    @ConfigProperty(name = "onnx.parallel.runs")
    Optional<String> parallelRuns;

    @Inject
    @ConfigProperty(name = "batch.max.size")
    Optional<String> maxBatchSize;

    @Inject
    @ConfigProperty(name = "batch.token.budget")
    Optional<String> tokenBudget;

    @Inject
    @ConfigProperty(name = "batch.run.overhead.tokens")
    Optional<String> runOverheadTokens;

    @Inject
    @ConfigProperty(name = "batch.max.wait.ms")
    Optional<String> maxWaitMillis;

    @Inject
    @ConfigProperty(name = "batch.queue.capacity")
    Optional<String> queueCapacity;

    @Inject
    @ConfigProperty(name = "batch.enabled")
    Optional<String> batching;

    @Inject
    @ConfigProperty(name = "model.max.length")
    Optional<String> maxLength;

    @Inject
    @ConfigProperty(name = "model.precision")
    Optional<String> precision;

    @Inject
    @ConfigProperty(name = "model.memory.budget.mb")
    Optional<String> memoryBudgetMb;

    @Inject
    @ConfigProperty(name = "analyze.max.body.bytes", defaultValue = "1048576")
    int maxBodyBytes;

    @Inject
    @ConfigProperty(name = "analyze.max.texts", defaultValue = "128")
    int maxTexts;

    private volatile Device device = Device.cpu("not detected yet");
    /** The process's memory limit and heap do not change while it runs: read once. */
    private volatile MemoryPlanner.Machine machine;

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

    /**
     * The device's defaults, with the token budget and queue capacity the memory allows ({@link MemoryPlanner}),
     * with the configured overrides.
     */
    public EngineSettings settings() {
        EngineSettings.Overrides configured = overrides();
        return running(plan(configured), configured);
    }

    /** What memory the models and their runs may use, and what was derived from it. */
    public MemoryPlan memoryPlan() {
        EngineSettings.Overrides configured = overrides();
        MemoryPlan plan = plan(configured);
        EngineSettings running = running(plan, configured);
        return plan.withWork(MemoryPlanner.work(device.gpu(), running.parallelRuns(), running.tokenBudget()));
    }

    private MemoryPlan plan(EngineSettings.Overrides configured) {
        if (machine == null) {
            machine = MemoryPlanner.read();
        }
        Long budget = valid("model.memory.budget.mb", memoryBudgetMb).map(Long::valueOf).orElse(null);
        return MemoryPlanner.plan(machine, device.defaults().with(configured), device.gpu(), budget, maxBodyBytes,
                maxTexts);
    }

    private EngineSettings running(MemoryPlan plan, EngineSettings.Overrides configured) {
        EngineSettings.Overrides derived = new EngineSettings.Overrides(null, null, null, null, null,
                plan.tokenBudget(), null, null, plan.queueCapacity(), null, null, null);
        return device.defaults().with(derived).with(configured);
    }

    /**
     * What configuration sets; 0 for threads and parallel runs means "the device's default", as documented. A
     * value its rule refuses counts as unset ({@link ValidatedSettings}): readiness names it, the device decides.
     */
    EngineSettings.Overrides overrides() {
        Integer wait = whole("batch.max.wait.ms", maxWaitMillis);
        Integer intra = whole("onnx.intra.threads", intraThreads);
        Integer runs = whole("onnx.parallel.runs", parallelRuns);
        return new EngineSettings.Overrides(
                intra == null || intra == 0 ? null : intra,
                whole("onnx.inter.threads", interThreads),
                bool("onnx.spinning", spinning),
                runs == null || runs == 0 ? null : runs,
                whole("batch.max.size", maxBatchSize),
                whole("batch.token.budget", tokenBudget),
                whole("batch.run.overhead.tokens", runOverheadTokens),
                wait == null ? null : Duration.ofMillis(wait),
                whole("batch.queue.capacity", queueCapacity),
                bool("batch.enabled", batching),
                whole("model.max.length", maxLength),
                valid("model.precision", precision).map(p -> p.toLowerCase(java.util.Locale.ROOT)).orElse(null));
    }

    private static Optional<String> valid(String key, Optional<String> value) {
        return value.map(String::trim).filter(v -> !v.isEmpty() && ValidatedSettings.accepts(key, v));
    }

    private static Integer whole(String key, Optional<String> value) {
        return valid(key, value).map(Integer::valueOf).orElse(null);
    }

    private static Boolean bool(String key, Optional<String> value) {
        return valid(key, value).map(Boolean::valueOf).orElse(null);
    }
}
