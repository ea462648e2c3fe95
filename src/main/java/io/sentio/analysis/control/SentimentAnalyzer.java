package io.sentio.analysis.control;

import io.sentio.analysis.entity.Analysis;
import io.sentio.analysis.entity.AnalysisRequest;
import io.sentio.cache.control.CacheService;
import io.sentio.cache.control.Lookup;
import io.sentio.cache.entity.CacheUse;
import io.sentio.inference.control.ModelClosedException;
import io.sentio.inference.control.QueueFullException;
import io.sentio.inference.control.TextTooLongException;
import io.sentio.inference.entity.LongText;
import io.sentio.inference.entity.Prediction;
import io.sentio.models.control.ModelRegistry;
import io.sentio.models.control.ModelService;
import io.sentio.monitoring.control.RequestFacts;
import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;
import io.sentio.settings.control.ValidatedSettings;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

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

    @Inject
    CacheService cache;

    /** Seconds, fractions allowed; the @Timeout below reads the same value in milliseconds (ValidatedSettings). */
    @Inject
    @ConfigProperty(name = "request.timeout", defaultValue = "30")
    String timeoutSeconds;

    /** Seconds a request may wait for room in the inference queue before 429 queue-full. */
    @Inject
    @ConfigProperty(name = "queue.wait", defaultValue = "5")
    String queueWaitSeconds;

    /** How texts longer than the model's max length are read when a request does not say. */
    @Inject
    @ConfigProperty(name = "long.text.policy", defaultValue = LongText.DEFAULT_POLICY)
    String longTextPolicy;

    /** Tokens a text may have at most under chunk, which reads it whole. */
    @Inject
    @ConfigProperty(name = "max.text.tokens", defaultValue = "" + LongText.DEFAULT_MAX_TOKENS)
    int maxTextTokens;

    @Inject
    SentimentAnalyzer self;

    private LongText longText;

    private long timeoutNanos;
    private long queueWaitNanos;

    @PostConstruct
    void init() {
        timeoutNanos = ValidatedSettings.seconds(timeoutSeconds).toNanos();
        queueWaitNanos = ValidatedSettings.seconds(queueWaitSeconds).toNanos();
        longText = new LongText(LongText.Policy.parse(longTextPolicy.trim()), maxTextTokens);
    }

    /**
     * {@link #analyze} through its Fault Tolerance proxy, with a timeout answered in the analysis' own words.
     * {@code arrivedNanos} ({@link System#nanoTime}) is when the whole request was there: the deadline counts
     * from it, so the 408 comes {@code request.timeout} after the request did, whatever it spent before the
     * engine (parsing, tokenizing, waiting for the model); the {@code @Timeout} is the backstop. {@code cacheUse}
     * says whether remembered answers may be used and fresh ones remembered (the request's Cache-Control).
     *
     * <p>Where the model is loaded already, the cache is asked first, outside Fault Tolerance: a request whose
     * every text is remembered is answered at once, without a timer, and even while the concurrency limit is
     * full; only texts to score pass the limit and the timeout.
     */
    public Analysis analyzeInTime(AnalysisRequest request, CacheUse cacheUse, long arrivedNanos) {
        Optional<Looked> looked = lookFirst(request, cacheUse);
        if (looked.isEmpty()) {
            try {
                return self.analyze(request, cacheUse, arrivedNanos + timeoutNanos, null);
            } catch (TimeoutException e) {
                throw timedOut();
            }
        }
        try (ModelRegistry.Lease lease = looked.get().lease()) {
            return analyzeLooked(request, cacheUse, arrivedNanos, looked.get());
        }
    }

    /**
     * Where the request's model is loaded already: its texts asked of the cache, with a lease on the model that
     * the caller closes (after {@link #analyzeLooked}, where texts are missing). Empty where the model is not
     * loaded: {@link #analyzeInTime} loads it. Records nothing in the request's facts (a caller that answers from
     * the lookup itself logs what it answered).
     */
    public Optional<Looked> lookFirst(AnalysisRequest request, CacheUse cacheUse) {
        Optional<ModelRegistry.Lease> loaded = models.acquireLoaded(request.model());
        if (loaded.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(look(loaded.get(), request, cacheUse));
        } catch (RuntimeException e) {
            loaded.get().close();
            throw e;
        }
    }

    /** {@link #analyzeInTime} of a request whose texts {@link #lookFirst} asked of the cache already. */
    public Analysis analyzeLooked(AnalysisRequest request, CacheUse cacheUse, long arrivedNanos, Looked looked) {
        facts.analyzed(looked.lease().model().name(), request.texts().size());
        try {
            return looked.complete() ? looked.remembered()
                    : self.analyze(request, cacheUse, arrivedNanos + timeoutNanos, looked);
        } catch (TimeoutException e) {
            throw timedOut();
        }
    }

    private SentioException timedOut() {
        return new SentioException.Unavailable(ProblemKind.TIMEOUT, "the analysis ran past the request timeout of "
                + timeoutSeconds.trim() + " s (REQUEST_TIMEOUT) and was stopped");
    }

    /** A request's texts against the cache, with the model that scores what is missing. */
    public record Looked(ModelRegistry.Lease lease, LongText reading, Lookup lookup, long startNanos) {

        /** Every text remembered: {@link #remembered} is the answer. */
        public boolean complete() {
            return lookup.missing().isEmpty();
        }

        public Analysis remembered() {
            return new Analysis(lease.model().name(), lookup.complete(List.of()), cached(lookup),
                    System.nanoTime() - startNanos);
        }
    }

    private Looked look(ModelRegistry.Lease lease, AnalysisRequest request, CacheUse cacheUse) {
        long start = System.nanoTime();
        LongText reading = longText.with(request.truncation());
        // remembered answers first: only the texts not found reach the engine, each distinct one once
        Lookup lookup = cache.lookup(lease.model().fingerprint(), reading.policy(), request.texts(), cacheUse);
        return new Looked(lease, reading, lookup, start);
    }

    /**
     * Scores what the cache did not hold, within the request timeout and the concurrency limit. {@code looked}:
     * the cache asked already, with the caller's lease on the model (the caller closes it); {@code null}: the
     * model is acquired (loaded if need be) and the cache asked here.
     */
    @Timeout(value = 30_000, unit = ChronoUnit.MILLIS)
    @Bulkhead(128)
    public Analysis analyze(AnalysisRequest request, CacheUse cacheUse, long deadlineNanos, Looked looked) {
        if (looked != null) {
            return score(looked, deadlineNanos);
        }
        try (ModelRegistry.Lease lease = models.acquire(request.model())) {
            facts.analyzed(lease.model().name(), request.texts().size());
            Looked mine = look(lease, request, cacheUse);
            return mine.complete() ? mine.remembered() : score(mine, deadlineNanos);
        }
    }

    private Analysis score(Looked looked, long deadlineNanos) {
        ModelRegistry.Lease lease = looked.lease();
        Lookup lookup = looked.lookup();
        List<String> todo = lookup.missing();
        long left = deadlineNanos - System.nanoTime();
        Duration wait = Duration.ofNanos(Math.max(0, Math.min(queueWaitNanos, left)));
        CompletableFuture<List<Prediction>> work = submit(lease, todo, looked.reading(), wait, left < queueWaitNanos);
        try {
            List<Prediction> scored = work.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            cache.remember(lookup, scored);
            return new Analysis(lease.model().name(), lookup.complete(scored), cached(lookup),
                    System.nanoTime() - looked.startNanos());
        } catch (java.util.concurrent.TimeoutException e) {
            // past the deadline: withdraw the texts so the engine does not run on for nobody
            work.cancel(true);
            throw timedOut();
        } catch (InterruptedException e) {
            // the @Timeout interrupted us
            work.cancel(true);
            Thread.currentThread().interrupt();
            throw timedOut();
        } catch (ExecutionException | CancellationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ModelClosedException closed) { // stopping, and the grace period ran out
                throw shuttingDown(closed);
            }
            throw new SentioException.Fault(ProblemKind.INFERENCE_FAILED,
                    "the model failed on this request: " + cause.getMessage(), cause);
        }
    }

    private static List<Boolean> cached(Lookup lookup) {
        Boolean[] cached = new Boolean[lookup.texts()];
        for (int i = 0; i < cached.length; i++) {
            cached[i] = lookup.cached(i);
        }
        return List.of(cached);
    }

    /** Queues the texts, waiting up to {@code wait} for room; a wait that the deadline cut short ends as a timeout. */
    private CompletableFuture<List<Prediction>> submit(ModelRegistry.Lease lease, List<String> texts, LongText reading,
                                                       Duration wait, boolean deadlineBound) {
        try {
            return lease.model().analyze(texts, wait, reading);
        } catch (TextTooLongException e) {
            throw new SentioException.ClientError(ProblemKind.TOO_LARGE, e.getMessage());
        } catch (QueueFullException e) {
            if (deadlineBound) {
                throw timedOut();
            }
            throw new SentioException.Unavailable(ProblemKind.QUEUE_FULL, e.getMessage() + " and had no room within "
                    + wait.toMillis() + " ms (QUEUE_WAIT); retry shortly");
        } catch (ModelClosedException e) {
            throw shuttingDown(e);
        }
    }

    private static SentioException shuttingDown(ModelClosedException e) {
        return new SentioException.Unavailable(ProblemKind.SHUTTING_DOWN, e.getMessage()
                + ": the server is shutting down; retry, another instance will answer");
    }
}
