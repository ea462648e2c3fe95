package io.sentio.settings.boundary;

import io.sentio.settings.control.SettingsCheck;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Readiness: every configured value is one its key allows; DOWN names each one that is not. */
@ApplicationScoped
public class SettingsHealth {

    @Inject
    SettingsCheck settings;

    @Produces
    @Readiness
    HealthCheck configurationValid() {
        return () -> {
            HealthCheckResponseBuilder answer = HealthCheckResponse.named("configuration")
                    .status(settings.problems().isEmpty());
            for (int i = 0; i < settings.problems().size(); i++) {
                answer.withData("invalid_" + (i + 1), settings.problems().get(i));
            }
            return answer.build();
        };
    }
}
