package io.sentio.monitoring.boundary;

import io.sentio.admin.control.AdminGuard;
import io.sentio.monitoring.control.Monitoring;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.util.Map;

/** {@code GET /api/performance}; {@code POST /api/performance/reset} (admin). */
@ApplicationScoped
@Path("performance")
@Produces(MediaType.APPLICATION_JSON)
public class PerformanceResource {

    @Inject
    Monitoring monitoring;

    @Inject
    AdminGuard admin;

    @GET
    public Map<String, Object> performance() {
        return monitoring.report();
    }

    @POST
    @Path("reset")
    public Map<String, Object> reset(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        admin.check(authorization);
        monitoring.reset();
        return Map.of("reset", true);
    }
}
