package io.sentio.models.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Optional;

/** The graceful stop: refuses new analyses, gives the admitted ones time to finish, then halts every engine. */
@ApplicationScoped
public class ModelDrain {

    @Inject
    ModelService models;

    @Inject
    EngineFleet fleet;

    private volatile String stopping;

    /**
     * From now on new analyses are refused (503 shutting-down), the ones admitted get up to {@code grace} to
     * finish, then every engine is stopped (a run still going is terminated) so that no thread is inside ONNX
     * Runtime when the process exits. True when every admitted analysis finished in time.
     */
    public boolean drain(Duration grace) throws InterruptedException {
        stopping = "the server is shutting down";
        ModelRegistry registry = models.registry();
        registry.refuseNew(stopping + "; retry, another instance will answer");
        try {
            return registry.awaitIdle(grace);
        } finally {
            fleet.haltAll();
        }
    }

    /** Why this server takes no new analyses (it is stopping); empty while it serves. */
    public Optional<String> stopping() {
        return Optional.ofNullable(stopping);
    }
}
