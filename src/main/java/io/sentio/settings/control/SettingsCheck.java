package io.sentio.settings.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.logging.Logger;

/** Checks the configuration once when the application starts and logs each invalid value once. */
@ApplicationScoped
public class SettingsCheck {

    private static final Logger LOG = Logger.getLogger(SettingsCheck.class.getName());

    private volatile List<String> problems = List.of();

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        problems = List.copyOf(new ValidatedSettings().problems());
        problems.forEach(problem -> LOG.severe(() -> "invalid configuration, its default is used and readiness is DOWN: "
                + problem));
    }

    /** Each key set to a value its rule refuses, with the value and what is allowed. */
    public List<String> problems() {
        return problems;
    }
}
