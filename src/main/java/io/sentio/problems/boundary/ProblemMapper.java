package io.sentio.problems.boundary;

import io.sentio.JsonConfiguration;
import io.sentio.monitoring.control.RequestFacts;
import io.sentio.problems.entity.Problem;
import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP answers: every error is an {@code application/problem+json}
 * body, never a stack trace. What to answer is a lookup in {@link ProblemKind}.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());

    @Context
    HttpServletRequest servletRequest;

    @Inject
    RequestFacts facts;

    /** What a failure is, as this mapper answers it. */
    record Classified(ProblemKind kind, String detail, int retryAfterSeconds, Map<String, String> headers) {
    }

    @Override
    public Response toResponse(Throwable failure) {
        Classified c = classify(failure, RequestIds.elapsedMillis(servletRequest), path());
        if (c.kind().status() == 500) { // Sentio's own faults; a 503 or 507 says why itself
            LOG.log(Level.SEVERE, c.kind().title() + ": " + c.detail(), failure);
        }
        facts.failed(c.kind().metricLabel());
        Problem problem = new Problem(c.kind().typeUri(), c.kind().title(), c.kind().status(), c.detail(),
                RequestIds.current(servletRequest));
        Response.ResponseBuilder answer = Response.status(c.kind().status())
                .type(Problem.MEDIA_TYPE)
                .entity(JsonConfiguration.jsonb().toJson(problem));
        if (c.retryAfterSeconds() > 0) {
            answer.header("Retry-After", c.retryAfterSeconds());
        }
        c.headers().forEach(answer::header);
        return answer.build();
    }

    /** Fault Tolerance and CDI may wrap what the code threw: the first cause this table knows decides. */
    static Classified classify(Throwable failure, long elapsedMillis, String path) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SentioException e) {
                return new Classified(e.kind(), e.getMessage(), e.retryAfterSeconds().orElse(0),
                        e.kind() == ProblemKind.UNAUTHORIZED ? Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer") : e.headers());
            }
            if (t instanceof TimeoutException) {
                return new Classified(ProblemKind.TIMEOUT, "the analysis ran past the request timeout (REQUEST_TIMEOUT)"
                        + " and was stopped after " + elapsedMillis + " ms", 0, Map.of());
            }
            if (t instanceof BulkheadException) {
                return new Classified(ProblemKind.TOO_MANY_REQUESTS, "too many analyses in flight; retry shortly",
                        ProblemKind.TOO_MANY_REQUESTS.retryAfterSeconds(), Map.of());
            }
            if (t instanceof WebApplicationException e) {
                ProblemKind kind = ProblemKind.forStatus(e.getResponse().getStatus());
                String detail = switch (kind) {
                    case UNSUPPORTED_MEDIA_TYPE -> "send the request as application/json";
                    case NOT_FOUND -> "no such resource: " + SentioException.echo(path);
                    case METHOD_NOT_ALLOWED -> "method not allowed on " + SentioException.echo(path);
                    case NOT_ACCEPTABLE -> "this resource answers application/json";
                    default -> kind.title();
                };
                String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
                return new Classified(kind, detail, 0, allow == null ? Map.of() : Map.of(HttpHeaders.ALLOW, allow));
            }
        }
        return new Classified(ProblemKind.INTERNAL, "an unexpected error occurred; see the server log", 0, Map.of());
    }

    private String path() {
        try {
            return servletRequest.getRequestURI();
        } catch (RuntimeException e) {
            return "this path";
        }
    }
}
