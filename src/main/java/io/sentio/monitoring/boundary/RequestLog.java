package io.sentio.monitoring.boundary;

import io.sentio.monitoring.control.ClientAddress;
import io.sentio.monitoring.control.Monitoring;
import io.sentio.monitoring.control.RequestFacts;
import io.sentio.monitoring.entity.RequestOutcome;
import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.RequestAttributes;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One structured line per API request (never the analyzed text), and the request's figures for the
 * performance monitor and metrics. {@code X-Forwarded-For} is believed only from trusted proxies.
 */
@Provider
public class RequestLog implements ContainerResponseFilter {

    static final Logger ACCESS = Logger.getLogger("io.sentio.access");

    @Inject
    Monitoring monitoring;

    @Inject
    RequestFacts facts;

    @Inject
    ClientAddress clients;

    @Inject
    @ConfigProperty(name = "monitoring.requests.enabled", defaultValue = "true")
    boolean enabled;

    @Context
    HttpServletRequest servletRequest;

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (!enabled) {
            return;
        }
        Object start = request.getProperty(RequestAttributes.START);
        double millis = start instanceof Long s ? (System.nanoTime() - s) / 1e6 : 0;
        String path = request.getUriInfo().getRequestUri().getRawPath();
        int status = response.getStatus();
        String error = facts.errorType();
        if (error == null && status >= 400) {
            error = ProblemKind.forStatus(status).metricLabel();
        }
        if (path.endsWith("/analyze")) {
            monitoring.record(new RequestOutcome(status, millis, error == null ? facts.texts() : 0, error));
        }
        Level level = status >= 500 ? Level.WARNING : Level.INFO;
        if (ACCESS.isLoggable(level)) {
            ACCESS.log(level, String.format(Locale.ROOT,
                    "request id=%s client=%s method=%s path=%s status=%d duration_ms=%.2f model=%s texts=%d%s",
                    request.getProperty(RequestAttributes.ID), client(request), request.getMethod(), path, status, millis,
                    facts.model() == null ? "-" : facts.model(), facts.texts(), error == null ? "" : " error=" + error));
        }
    }

    private String client(ContainerRequestContext request) {
        return clients.of(servletRequest == null ? "-" : servletRequest.getRemoteAddr(),
                request.getHeaderString("X-Forwarded-For"));
    }
}
