package io.sentio.cache.control;

import io.sentio.cache.entity.CacheStatistics;
import io.sentio.cache.entity.CacheUse;
import io.sentio.inference.entity.LongText;
import io.sentio.inference.entity.Prediction;
import io.sentio.settings.control.ValidatedSettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The service's result cache, built from the configuration (CACHE_* keys): where answers are kept, its metrics
 * ({@code sentio_cache_*}) and its statistics for {@code /api/performance}.
 */
@ApplicationScoped
public class CacheService implements ResultCache.Events {

    private static final Logger LOG = Logger.getLogger(CacheService.class.getName());
    /** At most one warning about the shared store per this many nanoseconds; the metric counts every failure. */
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    /** Answers waiting to be sent to the other members at most (a few seconds of a busy member's misses). */
    private static final int REPLICATION_BACKLOG = 8192;

    @Inject
    MetricRegistry registry;

    @Inject
    @ConfigProperty(name = "cache.enabled", defaultValue = "true")
    boolean enabled;

    @Inject
    @ConfigProperty(name = "cache.size", defaultValue = "100000")
    int size;

    @Inject
    @ConfigProperty(name = "cache.ttl.seconds", defaultValue = "3600")
    long ttlSeconds;

    @Inject
    @ConfigProperty(name = "cache.store", defaultValue = "auto")
    String store;

    @Inject
    @ConfigProperty(name = "cache.redis.url")
    Optional<String> redisUrl;

    @Inject
    @ConfigProperty(name = "cache.shared.timeout.ms", defaultValue = "100")
    long sharedTimeoutMillis;

    @Inject
    @ConfigProperty(name = "cache.replicate", defaultValue = "true")
    boolean replicate;

    private ResultCache cache;
    private ThreadPoolExecutor sharedCalls;
    private Counter localHitCounter;
    private Counter sharedHitCounter;
    private Counter missCounter;
    private Counter evictionCounter;
    private Counter sharedErrorCounter;
    private Counter copiesCounter;
    // since the last statistics reset
    private final LongAdder hits = new LongAdder();
    private final LongAdder sharedHits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder sharedErrors = new LongAdder();
    private volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    @PostConstruct
    void start() {
        Metadata hitsMetadata = metadata("sentio_cache_hits", "Texts answered from the result cache: store=shared "
                + "the first time this process answers one that another member scored (from the shared store or the "
                + "copy it sent), store=local the others");
        localHitCounter = registry.counter(hitsMetadata, new Tag("store", "local"));
        sharedHitCounter = registry.counter(hitsMetadata, new Tag("store", "shared"));
        missCounter = registry.counter(metadata("sentio_cache_misses", "Texts looked up in the result cache and "
                + "not found (scored by the model)"));
        evictionCounter = registry.counter(metadata("sentio_cache_evictions", "Entries of the local result cache "
                + "removed to make room for newer ones"));
        sharedErrorCounter = registry.counter(metadata("sentio_cache_shared_errors", "Calls to the shared result "
                + "cache that failed or ran past CACHE_SHARED_TIMEOUT_MS (answered as misses)"));
        copiesCounter = registry.counter(metadata("sentio_cache_copies_received", "Answers that other members of "
                + "the cluster scored, received as copies into the local result cache (CACHE_REPLICATE)"));
        if (!enabled) {
            LOG.info("result cache: off (CACHE_ENABLED=false)");
            return;
        }
        LocalStore local = new LocalStore(size, TimeUnit.SECONDS.toNanos(ttlSeconds), System::nanoTime,
                this::evicted, () -> { });
        Optional<ResultStore> shared = openShared();
        if (shared.isPresent()) {
            AtomicInteger n = new AtomicInteger();
            // few threads: a shared store that hangs (a member gone) holds them, and the bounded queue then
            // refuses, which keeps answers local instead of piling work up
            sharedCalls = new ThreadPoolExecutor(4, 4, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1024), r -> {
                Thread t = new Thread(r, "sentio-cache-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            sharedCalls.allowCoreThreadTimeOut(true);
        }
        cache = new ResultCache(local, shared, sharedCalls, TimeUnit.MILLISECONDS.toNanos(sharedTimeoutMillis), this);
        Optional<Broadcast> copies = shared.isPresent() && replicate && redis().isEmpty()
                ? ServerJCache.topic(JCacheStore.NAME) : Optional.empty();
        copies.ifPresent(topic -> cache.replicate(topic, REPLICATION_BACKLOG));
        registry.gauge(metadata("sentio_cache_entries", "Entries in this process's local result cache"),
                cache::entries);
        LOG.info("result cache: local, " + size + " entries, " + ttlSeconds + " s time to live"
                + shared.map(s -> "; shared: " + s.kind() + (s.active() ? "" : ", while other members are up")
                        + (copies.isPresent() ? ", copies of every answer on every member" : ""))
                        .orElse("; not shared"));
    }

    /** The shared store the settings ask for; none, with a warning, where it cannot be opened. */
    private Optional<ResultStore> openShared() {
        if ("local".equalsIgnoreCase(store.trim())) {
            return Optional.empty();
        }
        try {
            return sharedStore();
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "the shared result cache could not be opened; answers are remembered in this "
                    + "process only", e);
            return Optional.empty();
        }
    }

    private Optional<ResultStore> sharedStore() {
        Optional<String> url = redis();
        if (url.isPresent()) {
            return Optional.of(RedisStore.open(url.get(), ttlSeconds, sharedTimeoutMillis));
        }
        return ServerJCache.open(size, ttlSeconds, replicate);
    }

    /**
     * The Redis URL set, or empty: an invalid URL has no default to stand in, so it is left unset (and readiness
     * names it).
     */
    private Optional<String> redis() {
        return redisUrl.map(String::trim).filter(u -> !u.isEmpty() && ValidatedSettings.accepts("cache.redis.url", u));
    }

    private static Metadata metadata(String name, String description) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(MetricUnits.NONE).build();
    }

    /** The texts against the cache, as the request lets it be used; all of them missing when it is off. */
    public Lookup lookup(String modelFingerprint, LongText.Policy policy, List<String> texts, CacheUse use) {
        if (cache == null || use == CacheUse.BYPASS) {
            return Lookup.none(texts);
        }
        return use == CacheUse.REFRESH ? cache.refresh(modelFingerprint, policy, texts)
                : cache.lookup(modelFingerprint, policy, texts);
    }

    /** Remembers the model's predictions for the lookup's missing texts. */
    public void remember(Lookup lookup, List<Prediction> scored) {
        if (cache != null) {
            cache.remember(lookup, scored);
        }
    }

    public CacheStatistics statistics() {
        long h = hits.sum();
        long m = misses.sum();
        return new CacheStatistics(cache != null, cache == null ? "off" : cache.kind(),
                cache == null ? 0 : cache.entries(), size, ttlSeconds, h, sharedHits.sum(), m,
                h + m == 0 ? 0 : Math.round(10_000.0 * h / (h + m)) / 10_000.0, evictions.sum(), sharedErrors.sum());
    }

    /** Starts the statistics' counts again (the metrics' counters never go back). */
    public void resetStatistics() {
        hits.reset();
        sharedHits.reset();
        misses.reset();
        evictions.reset();
        sharedErrors.reset();
    }

    @Override
    public void looked(int texts, int localHits, int sharedHitCount) {
        int found = localHits + sharedHitCount;
        hits.add(found);
        sharedHits.add(sharedHitCount);
        misses.add(texts - found);
        localHitCounter.inc(localHits);
        sharedHitCounter.inc(sharedHitCount);
        missCounter.inc(texts - found);
    }

    @Override
    public void evicted() {
        evictions.increment();
        evictionCounter.inc();
    }

    @Override
    public void sharedFailed(Exception e) {
        sharedErrors.increment();
        sharedErrorCounter.inc();
        long now = System.nanoTime();
        long last = lastWarning;
        if (now - last >= WARN_EVERY_NANOS) {
            lastWarning = now;
            LOG.log(Level.WARNING, "the shared result cache (" + cache.kind() + ") failed; answering from the local "
                    + "store and the model meanwhile (sentio_cache_shared_errors_total counts every failure): " + e);
        }
    }

    @Override
    public void copied(int entries) {
        copiesCounter.inc(entries);
    }

    @PreDestroy
    void stop() {
        if (sharedCalls != null) {
            sharedCalls.shutdownNow();
        }
        if (cache != null) {
            cache.close();
        }
    }
}
