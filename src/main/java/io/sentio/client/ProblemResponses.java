package io.sentio.client;

import io.sentio.problems.entity.Problem;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

import java.time.Duration;

/**
 * Turns every error answer into a {@link SentioProblemException}. Sentio answers errors with problem+json; an
 * answer without it (a proxy's, or the HTTP layer's before Sentio) gets a problem made of its status line.
 */
public class ProblemResponses implements ResponseExceptionMapper<SentioProblemException> {

    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    @Override
    public SentioProblemException toThrowable(Response response) {
        Problem problem = null;
        if (response.getMediaType() != null && response.getMediaType().getSubtype().endsWith("json")) {
            try {
                problem = response.readEntity(Problem.class);
            } catch (RuntimeException e) {
                // not a problem detail after all: one is made of the status line below
            }
        }
        if (problem == null || problem.status() != response.getStatus()) {
            problem = new Problem("about:blank", response.getStatusInfo().getReasonPhrase(), response.getStatus(),
                    null, null);
        }
        return new SentioProblemException(problem, retryAfter(response.getHeaderString("Retry-After")));
    }

    private static Duration retryAfter(String header) {
        try {
            return header == null ? null : Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
