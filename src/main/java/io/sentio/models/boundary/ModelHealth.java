package io.sentio.models.boundary;

import io.sentio.models.control.ModelService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

import java.util.Optional;

/** Readiness: the default model is loaded and answered a probe. Startup: the model service has started. */
@ApplicationScoped
public class ModelHealth {

    @Inject
    ModelService models;

    @Produces
    @Readiness
    HealthCheck defaultModelReady() {
        return () -> {
            Optional<String> problem = models.defaultModelProblem();
            return HealthCheckResponse.named("default-model")
                    .status(problem.isEmpty())
                    .withData("model", models.defaultModel())
                    .withData("reason", problem.orElse("loaded and answering"))
                    .build();
        };
    }

    @Produces
    @Startup
    HealthCheck modelServiceStarted() {
        return () -> HealthCheckResponse.named("model-service").status(models.started()).build();
    }
}
