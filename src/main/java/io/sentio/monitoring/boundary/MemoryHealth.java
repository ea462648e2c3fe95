package io.sentio.monitoring.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/** Liveness: the Java heap has headroom. */
@ApplicationScoped
public class MemoryHealth {

    @Inject
    @ConfigProperty(name = "health.heap.max.percent", defaultValue = "95")
    int maxHeapPercent;

    @Produces
    @Liveness
    HealthCheck heapHeadroom() {
        return () -> {
            MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
            long percent = max == 0 ? 0 : heap.getUsed() * 100 / max;
            return HealthCheckResponse.named("heap")
                    .status(percent < maxHeapPercent)
                    .withData("used_mb", heap.getUsed() >> 20)
                    .withData("max_mb", max >> 20)
                    .withData("used_percent", percent)
                    .build();
        };
    }
}
