package io.sentio.models.boundary;

import io.sentio.models.control.ModelDrain;
import io.sentio.models.control.ModelService;
import io.sentio.settings.control.ValidatedSettings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Graceful shutdown on SIGTERM (what Kubernetes sends on every rollout and scale-down) and SIGINT: readiness goes
 * DOWN and new analyses are answered 503 shutting-down with Retry-After at once, the analyses already admitted
 * get up to {@code shutdown.grace} seconds to finish, the engines stop, new analyses are refused for {@link #LINGER}
 * more, and only then does the JVM exit (through its usual shutdown, which undeploys the application and closes the
 * models). Without this the JVM's own
 * handler starts exiting at once, under runs still inside ONNX Runtime.
 */
@ApplicationScoped
public class ShutdownSignal {

    private static final Logger LOG = Logger.getLogger(ShutdownSignal.class.getName());

    @Inject
    @ConfigProperty(name = "shutdown.grace", defaultValue = "20")
    String graceSeconds;

    @Inject
    ModelService models;

    @Inject
    ModelDrain drain;

    /** How long new analyses are still refused with 503 shutting-down once the admitted ones are done. */
    static final Duration LINGER = Duration.ofSeconds(1);

    private final AtomicBoolean signalled = new AtomicBoolean();
    private Duration grace;
    /** The application's class loader: the JVM runs signal handlers on a thread of its own, where CDI finds no container. */
    private ClassLoader application;
    /** The handlers ours replaced, put back when the application is undeployed without the JVM stopping. */
    private final Map<Signal, SignalHandler> replaced = new LinkedHashMap<>();

    void install(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        grace = ValidatedSettings.seconds(graceSeconds);
        application = Thread.currentThread().getContextClassLoader();
        for (String name : new String[]{"TERM", "INT"}) {
            try {
                Signal signal = new Signal(name);
                replaced.put(signal, Signal.handle(signal, this::stop));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // e.g. -Xrs, or a platform without the signal: the JVM's own shutdown still closes the models
                LOG.warning(() -> "SIG" + name + " cannot be handled (" + e.getMessage() + "): no graceful drain on it");
            }
        }
    }

    private void stop(Signal signal) {
        if (!signalled.compareAndSet(false, true)) {
            LOG.info(() -> "SIG" + signal.getName() + " again: already stopping");
            return;
        }
        long start = System.nanoTime();
        Thread.currentThread().setContextClassLoader(application);
        try {
            LOG.info(() -> "SIG" + signal.getName() + ": not ready any more, new analyses answered 503; waiting up to "
                    + graceSeconds.trim() + " s (SHUTDOWN_GRACE) for " + models.registry().leased() + " admitted");
            boolean drained = drain.drain(grace);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (drained) {
                LOG.info(() -> "every admitted analysis answered after " + millis + " ms; stopping");
            } else {
                LOG.warning(() -> "grace period over after " + millis + " ms with analyses unfinished; they were"
                        + " stopped and answered 503; stopping");
            }
            // A client whose last admitted request has just been answered sends its next one now. For LINGER more,
            // it gets the 503 shutting-down that sends it elsewhere instead of the bare 503 the container gives while
            // it undeploys the application (measured: 1 of 20 SIGTERM rounds under load, bench/resilience.py).
            Thread.sleep(LINGER.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the graceful stop failed; stopping at once", e);
        } finally {
            System.exit(128 + signal.getNumber());
        }
    }

    @PreDestroy
    void uninstall() {
        if (!signalled.get()) {
            replaced.forEach(Signal::handle);
        }
    }
}
