package io.sentio.settings.boundary;

import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;
import io.sentio.settings.control.SettingsCheck;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;

/** Refuses analyses while the configuration holds invalid values: 503 naming them, never a 500. */
@Provider
public class SettingsGate implements ContainerRequestFilter {

    @Inject
    SettingsCheck settings;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!settings.problems().isEmpty() && request.getUriInfo().getPath().endsWith("analyze")) {
            throw new SentioException.Unavailable(ProblemKind.MISCONFIGURED,
                    "the server's configuration is invalid: " + String.join("; ", settings.problems()));
        }
    }
}
