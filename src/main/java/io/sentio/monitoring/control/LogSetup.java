package io.sentio.monitoring.control;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sentio logs through java.util.logging, so the server's log configuration applies; {@code log.level}
 * sets the level of Sentio's loggers and {@code LOG_FILE} adds a file of their lines. Client disconnects are
 * counted, not logged ({@link ClientDisconnects}).
 */
@ApplicationScoped
public class LogSetup {

    private static final Logger SENTIO = Logger.getLogger("io.sentio");

    @Inject
    @ConfigProperty(name = "log.level", defaultValue = "INFO")
    String level;

    @Inject
    @ConfigProperty(name = "log.file")
    Optional<String> file;

    /**
     * The loggers of failures to write an answer: Jersey's, the web container's (a servlet that threw, an error
     * page that could not be sent) and Grizzly's; held here, as java.util.logging keeps loggers weakly and a
     * logger's filter applies to its own records only.
     */
    private static final List<Logger> WRITERS = List.of(
            Logger.getLogger("org.glassfish.jersey.server.ServerRuntime$Responder"),
            Logger.getLogger("jakarta.enterprise.web"),
            Logger.getLogger("jakarta.enterprise.web.core"),
            Logger.getLogger("org.glassfish.grizzly.filterchain.DefaultFilterChain"));

    private FileHandler handler;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        // counted once per request by the disconnect guard (problems/boundary), so not again per log record
        ClientDisconnects disconnects = new ClientDisconnects(() -> { });
        WRITERS.forEach(logger -> logger.setFilter(disconnects));
        try {
            SENTIO.setLevel(Level.parse(level.trim().toUpperCase()));
        } catch (IllegalArgumentException e) {
            SENTIO.warning(() -> "log.level '" + level + "' is not a java.util.logging level; keeping " + SENTIO.getLevel());
        }
        Optional<String> path = file.filter(f -> !f.isBlank());
        if (path.isPresent()) {
            try {
                handler = new FileHandler(path.get().replace("%", "%%"), true);
                handler.setFormatter(new LineFormatter());
                handler.setEncoding("UTF-8");
                SENTIO.addHandler(handler);
                SENTIO.info(() -> "logging to " + path.get());
            } catch (IOException e) {
                SENTIO.log(Level.WARNING, "cannot log to " + path.get(), e);
            }
        }
    }

    @PreDestroy
    void stop() {
        WRITERS.forEach(logger -> logger.setFilter(null));
        if (handler != null) {
            SENTIO.removeHandler(handler);
            handler.close();
        }
    }
}
