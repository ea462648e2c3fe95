package io.sentio.analysis.control;

import io.sentio.analysis.entity.Analysis;
import io.sentio.analysis.entity.AnalysisRequest;
import io.sentio.inference.control.QueueFullException;
import io.sentio.inference.entity.Prediction;
import io.sentio.models.control.ModelRegistry;
import io.sentio.models.control.ModelService;
import io.sentio.monitoring.control.RequestFacts;
import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Runs analyses under the request timeout and the concurrency limit. The limits are MicroProfile
 * Fault Tolerance settings: {@code request.timeout} and {@code analysis.max.concurrent} in
 * {@code microprofile-config.properties} feed them.
 */
@ApplicationScoped
public class SentimentAnalyzer {

    @Inject
    ModelService models;

    @Inject
    RequestFacts facts;

    /** Seconds, fractions allowed; the @Timeout below reads the same value in milliseconds (ValidatedSettings). */
    @Inject
    @ConfigProperty(name = "request.timeout", defaultValue = "30")
    String timeoutSeconds;

    @Inject
    SentimentAnalyzer self;

    /** {@link #analyze} through its Fault Tolerance proxy, with a timeout answered in the analysis' own words. */
    public Analysis analyzeInTime(AnalysisRequest request) {
        try {
            return self.analyze(request);
        } catch (TimeoutException e) {
            throw timedOut();
        }
    }

    private SentioException timedOut() {
        return new SentioException.Unavailable(ProblemKind.TIMEOUT, "the analysis ran past the request timeout of "
                + timeoutSeconds.trim() + " s (REQUEST_TIMEOUT) and was stopped");
    }

    @Timeout(value = 30_000, unit = ChronoUnit.MILLIS)
    @Bulkhead(128)
    public Analysis analyze(AnalysisRequest request) {
        try (ModelRegistry.Lease lease = models.acquire(request.model())) {
            facts.analyzed(lease.model().name(), request.texts().size());
            long start = System.nanoTime();
            CompletableFuture<List<Prediction>> work = submit(lease, request);
            try {
                List<Prediction> predictions = work.get();
                return new Analysis(lease.model().name(), predictions, System.nanoTime() - start);
            } catch (InterruptedException e) {
                // the timeout interrupted us: withdraw the texts so the engine does not run on for nobody
                work.cancel(true);
                Thread.currentThread().interrupt();
                throw timedOut();
            } catch (ExecutionException | CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new SentioException.Fault(ProblemKind.INFERENCE_FAILED,
                        "the model failed on this request: " + cause.getMessage(), cause);
            }
        }
    }

    private static CompletableFuture<List<Prediction>> submit(ModelRegistry.Lease lease, AnalysisRequest request) {
        try {
            return lease.model().analyze(request.texts());
        } catch (QueueFullException e) {
            throw new SentioException.Unavailable(ProblemKind.QUEUE_FULL, e.getMessage() + "; retry shortly");
        }
    }
}
