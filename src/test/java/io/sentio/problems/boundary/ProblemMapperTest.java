package io.sentio.problems.boundary;

import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lookup from failure to answer. */
class ProblemMapperTest {

    static ProblemMapper.Classified classify(Throwable t) {
        return ProblemMapper.classify(t, 1234, "/api/x");
    }

    @Test
    void sentioFailuresAnswerTheirKindWrappedOrNot() {
        SentioException busy = new SentioException.Unavailable(ProblemKind.MODEL_UNAVAILABLE, "loading", 7, null);
        ProblemMapper.Classified c = classify(new CompletionException(new RuntimeException(busy)));
        assertEquals(ProblemKind.MODEL_UNAVAILABLE, c.kind());
        assertEquals("loading", c.detail());
        assertEquals(7, c.retryAfterSeconds());
    }

    @Test
    void unauthorizedChallengesForBearer() {
        ProblemMapper.Classified c = classify(new SentioException.ClientError(ProblemKind.UNAUTHORIZED, "send a token"));
        assertEquals(Map.of("WWW-Authenticate", "Bearer"), c.headers());
        assertEquals(0, c.retryAfterSeconds());
    }

    @Test
    void faultToleranceFailures() {
        assertEquals(ProblemKind.TIMEOUT, classify(new TimeoutException("ft")).kind());
        ProblemMapper.Classified bulkhead = classify(new BulkheadException("full"));
        assertEquals(ProblemKind.TOO_MANY_REQUESTS, bulkhead.kind());
        assertEquals(1, bulkhead.retryAfterSeconds());
        // the JAX-RS runtime's own 404, 405 and 415 need the runtime: AnalyzeIT checks them on a real server
    }

    @Test
    void anythingElseIsAnInternalErrorWithoutItsMessage() {
        ProblemMapper.Classified c = classify(new NullPointerException("secret.internal.Field"));
        assertEquals(ProblemKind.INTERNAL, c.kind());
        assertTrue(!c.detail().contains("secret"), c.detail());
    }

    @Test
    void kindsShareOneVocabularyAndFamiliesCheckTheirKinds() {
        assertEquals("invalid_request", ProblemKind.INVALID_REQUEST.metricLabel());
        assertEquals("https://sentio.io/problems/invalid-request", ProblemKind.INVALID_REQUEST.typeUri());
        assertEquals(ProblemKind.NOT_FOUND, ProblemKind.forStatus(404));
        assertEquals(ProblemKind.INVALID_REQUEST, ProblemKind.forStatus(418));
        assertEquals(ProblemKind.INTERNAL, ProblemKind.forStatus(502));
        assertEquals(ProblemKind.INTERNAL, ProblemKind.forStatus(500), "a container's 500 is no failed inference");
        assertEquals(ProblemKind.TOO_MANY_REQUESTS, ProblemKind.forStatus(429));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SentioException.ClientError(ProblemKind.QUEUE_FULL, "a 429 is no client error"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new SentioException.Fault(ProblemKind.MODEL_UNAVAILABLE, "a 503 is no fault", null));
        assertEquals(SentioException.ECHO_LIMIT + 3, SentioException.echo("x".repeat(10_000)).length());
    }
}
