package io.sentio.monitoring.control;

import io.sentio.monitoring.entity.RequestOutcome;
import io.sentio.problems.entity.ProblemKind;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One structured line per API request (never the analyzed text), and an analysis' figures for the performance
 * monitor and metrics, whichever part of the server answered it. {@code X-Forwarded-For} is believed only from
 * trusted proxies ({@link ClientAddress}).
 */
@ApplicationScoped
public class AccessLog {

    static final Logger ACCESS = Logger.getLogger("io.sentio.access");

    @Inject
    Monitoring monitoring;

    @Inject
    ClientAddress clients;

    @Inject
    @ConfigProperty(name = "monitoring.requests.enabled", defaultValue = "true")
    boolean enabled;

    /**
     * One request's line and figures: {@code peer} the connection's address ({@code "-"} when unknown), {@code error}
     * null unless the request failed, {@code model} null when none served it.
     */
    public void answered(Object id, String peer, String forwardedFor, String method, String path, int status,
                         double millis, String model, int texts, String error) {
        if (!enabled) {
            return;
        }
        if (error == null && status >= 400) {
            error = ProblemKind.forStatus(status).metricLabel();
        }
        if (path.endsWith("/analyze")) {
            monitoring.record(new RequestOutcome(status, millis, error == null ? texts : 0, error));
        }
        Level level = status >= 500 ? Level.WARNING : Level.INFO;
        if (ACCESS.isLoggable(level)) {
            StringBuilder line = new StringBuilder(160).append("request id=").append(id)
                    .append(" client=").append(clients.of(peer, forwardedFor))
                    .append(" method=").append(method).append(" path=").append(path)
                    .append(" status=").append(status).append(" duration_ms=");
            hundredths(line, millis).append(" model=").append(model == null ? "-" : model)
                    .append(" texts=").append(texts);
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
}
