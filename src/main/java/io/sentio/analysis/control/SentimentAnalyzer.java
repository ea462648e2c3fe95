package io.sentio.analysis.control;

import io.sentio.analysis.entity.Analysis;
import io.sentio.analysis.entity.AnalysisRequest;
import io.sentio.inference.control.QueueFullException;
import io.sentio.inference.entity.Prediction;
import io.sentio.models.control.ModelRegistry;
import io.sentio.models.control.ModelService;
import io.sentio.monitoring.control.RequestFacts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;

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

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Bulkhead(256)
    public Analysis analyze(AnalysisRequest request) {
        try (ModelRegistry.Lease lease = models.acquire(request.model())) {
            facts.analyzed(lease.model().name(), request.texts().size());
            long start = System.nanoTime();
            CompletableFuture<List<Prediction>> work = lease.model().analyze(request.texts());
            try {
                List<Prediction> predictions = work.get();
                return new Analysis(lease.model().name(), predictions, System.nanoTime() - start);
            } catch (InterruptedException e) {
                // the timeout interrupted us: withdraw the texts so the engine does not run on for nobody
                work.cancel(true);
                Thread.currentThread().interrupt();
                throw new RequestTimeoutException("the analysis was interrupted after "
                        + (System.nanoTime() - start) / 1_000_000 + " ms");
            } catch (ExecutionException | CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                if (cause instanceof QueueFullException full) {
                    throw full;
                }
                throw new InferenceFailedException("the model failed on this request: " + cause.getMessage(), cause);
            }
        }
    }
}
