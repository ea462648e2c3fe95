package io.sentio.monitoring.boundary;

import io.sentio.admin.AdminOnly;
import io.sentio.monitoring.control.Monitoring;
import io.sentio.monitoring.entity.PerformanceReport;
import io.sentio.monitoring.entity.StatisticsReset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/performance}; {@code POST /api/performance/reset} (admin). */
@ApplicationScoped
@Path("performance")
@Produces(MediaType.APPLICATION_JSON)
public class PerformanceResource {

    @Inject
    Monitoring monitoring;

    @GET
    public PerformanceReport performance() {
        return monitoring.report();
    }

    @POST
    @Path("reset")
    @AdminOnly
    public StatisticsReset reset() {
        monitoring.reset();
        return new StatisticsReset(true);
    }
}
