package io.sentio.problems.boundary;

import io.sentio.JsonConfiguration;
import io.sentio.analysis.control.InferenceFailedException;
import io.sentio.analysis.control.InvalidRequestException;
import io.sentio.analysis.control.RequestTimeoutException;
import io.sentio.inference.control.QueueFullException;
import io.sentio.models.control.ModelUnavailableException;
import io.sentio.models.control.UnknownModelException;
import io.sentio.monitoring.control.RequestFacts;
import io.sentio.problems.entity.Problem;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one place where failures become HTTP answers: every error is an {@code application/problem+json}
 * body, never a stack trace.
 */
@Provider
public class ProblemMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class.getName());
    private static final String TYPE_BASE = "https://sentio.io/problems/";
    private static final List<Class<? extends Throwable>> KNOWN = List.of(InvalidRequestException.class,
            UnknownModelException.class, ModelUnavailableException.class, TimeoutException.class,
            RequestTimeoutException.class, BulkheadException.class, QueueFullException.class,
            WebApplicationException.class, InferenceFailedException.class);

    @Inject
    @ConfigProperty(name = "request.timeout", defaultValue = "30")
    int timeoutSeconds;

    @Inject
    @ConfigProperty(name = "model.retry.seconds", defaultValue = "10")
    int modelRetrySeconds;

    @Context
    HttpServletRequest servletRequest;

    @Inject
    RequestFacts facts;

    @Override
    public Response toResponse(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof InvalidRequestException e) {
            facts.failed("bad_input");
            return answer(e.status(), e.status() == 413 ? "too-large" : "invalid-request",
                    e.status() == 413 ? "Request too large" : "Invalid request", e.getMessage(), null);
        }
        if (t instanceof UnknownModelException e) {
            facts.failed("unknown_model");
            return answer(404, "unknown-model", "Unknown model", e.getMessage(), null);
        }
        if (t instanceof ModelUnavailableException e) {
            facts.failed("model_unavailable");
            return answer(503, "model-unavailable", "Model unavailable", e.getMessage(), modelRetrySeconds);
        }
        if (t instanceof TimeoutException || t instanceof RequestTimeoutException) {
            facts.failed("timeout");
            return answer(408, "timeout", "Request timeout", "the request ran past the request timeout of "
                    + timeoutSeconds + " s (it ran " + elapsedMillis() + " ms) and was stopped", null);
        }
        if (t instanceof BulkheadException) {
            facts.failed("bulkhead");
            return answer(429, "too-many-requests", "Too many requests",
                    "too many analyses in flight; retry shortly", 1);
        }
        if (t instanceof QueueFullException e) {
            facts.failed("queue_full");
            return answer(429, "too-many-requests", "Too many requests", e.getMessage() + "; retry shortly", 1);
        }
        if (t instanceof WebApplicationException e) {
            int status = e.getResponse().getStatus();
            Response.StatusType type = Response.Status.fromStatusCode(status);
            String title = type == null ? "HTTP " + status : type.getReasonPhrase();
            String detail = switch (status) {
                case 415 -> "send the request as application/json";
                case 404 -> "no such resource: " + path();
                case 405 -> "method not allowed on " + path();
                case 401, 403 -> e.getMessage();
                default -> title;
            };
            facts.failed(status == 415 ? "bad_input" : status == 401 || status == 403 ? "unauthorized" : "http_" + status);
            Response problem = answer(status, "http-" + status, title, detail, null);
            String challenge = e.getResponse().getHeaderString("WWW-Authenticate");
            return challenge == null ? problem : Response.fromResponse(problem).header("WWW-Authenticate", challenge).build();
        }
        if (t instanceof InferenceFailedException) {
            facts.failed("inference");
            LOG.log(Level.SEVERE, "inference failed", t);
            return answer(500, "inference-failed", "Inference failed", t.getMessage(), null);
        }
        facts.failed("internal");
        LOG.log(Level.SEVERE, "unexpected failure", t);
        return answer(500, "internal", "Internal error", "an unexpected error occurred; see the server log", null);
    }

    /** Fault Tolerance and CDI may wrap what the code threw: find the failure this mapper knows. */
    private static Throwable unwrap(Throwable t) {
        for (Throwable current = t; current != null; current = current.getCause() == current ? null : current.getCause()) {
            for (Class<?> known : KNOWN) {
                if (known.isInstance(current)) {
                    return current;
                }
            }
        }
        return t;
    }

    private Response answer(int status, String type, String title, String detail, Integer retryAfter) {
        Problem problem = new Problem(TYPE_BASE + type, title, status, detail, RequestIds.current(servletRequest));
        Response.ResponseBuilder builder = Response.status(status)
                .type(Problem.MEDIA_TYPE)
                .entity(JsonConfiguration.jsonb().toJson(problem));
        if (retryAfter != null) {
            builder.header("Retry-After", retryAfter);
        }
        return builder.build();
    }

    private long elapsedMillis() {
        return RequestIds.elapsedMillis(servletRequest);
    }

    private String path() {
        try {
            return servletRequest.getRequestURI();
        } catch (RuntimeException e) {
            return "this path";
        }
    }
}
