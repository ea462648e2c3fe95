package io.sentio.models.boundary;

import io.sentio.models.control.ModelDrain;
import io.sentio.models.control.ModelService;
import io.sentio.models.control.ModelStartup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

import java.util.Optional;

/**
 * Readiness: the default model answered a probe at start and has not failed since; the reason says
 * whether it is loaded right now. Startup: the model service has started.
 */
@ApplicationScoped
public class ModelHealth {

    @Inject
    ModelStartup startup;

    @Inject
    ModelService models;

    @Inject
    ModelDrain drain;

    @Produces
    @Readiness
    HealthCheck defaultModelReady() {
        return () -> {
            String name = models.defaultModel();
            Optional<String> problem = drain.stopping().or(startup::startProblem)
                    .or(() -> models.registry().failure(name).map(Throwable::getMessage));
            boolean loaded = models.registry().loaded(name).isPresent();
            return HealthCheckResponse.named("default-model")
                    .status(problem.isEmpty())
                    .withData("model", name)
                    .withData("loaded", loaded)
                    .withData("reason", problem.orElse(loaded ? "loaded and answering"
                            : "answered at start; not loaded now (unloaded or evicted), loads again on its next request"))
                    .build();
        };
    }

    @Produces
    @Startup
    HealthCheck modelServiceStarted() {
        return () -> HealthCheckResponse.named("model-service").status(startup.started()).build();
    }
}
