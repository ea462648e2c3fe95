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
            StringBuilder line = new StringBuilder(160).append("request id=")
                    .append(request.getProperty(RequestAttributes.ID)).append(" client=").append(client(request))
                    .append(" method=").append(request.getMethod()).append(" path=").append(path)
                    .append(" status=").append(status).append(" duration_ms=");
            hundredths(line, millis).append(" model=").append(facts.model() == null ? "-" : facts.model())
                    .append(" texts=").append(facts.texts());
            if (error != null) {
                line.append(" error=").append(error);
            }
            ACCESS.log(level, line.toString());
        }
    }

    /** {@code millis} (not negative) with two decimals, as {@code %.2f} writes it, without a Formatter per line. */
    static StringBuilder hundredths(StringBuilder line, double millis) {
        long hundredths = Math.round(millis * 100);
        long fraction = hundredths % 100;
        return line.append(hundredths / 100).append(fraction < 10 ? ".0" : ".").append(fraction);
    }

    private String client(ContainerRequestContext request) {
        return clients.of(servletRequest == null ? "-" : servletRequest.getRemoteAddr(),
                request.getHeaderString("X-Forwarded-For"));
    }
}
