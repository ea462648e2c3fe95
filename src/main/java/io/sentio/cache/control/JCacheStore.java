package io.sentio.cache.control;

import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.CreatedExpiryPolicy;
import javax.cache.expiry.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Entries in a JCache (JSR-107) cache, shared by every process that opens the same cache of the same provider. */
final class JCacheStore implements ResultStore {

    /** The cache's name in the provider. */
    static final String NAME = "sentio-results";

    private final Cache<String, byte[]> cache;
    private final String kind;
    private final Runnable release;
    private final BooleanSupplier active;

    /**
     * @param release run on close: gives back what opening the cache took (the manager, where this store owns it)
     * @param active  whether the cache is shared with anyone now ({@link ResultStore#active})
     */
    JCacheStore(Cache<String, byte[]> cache, String kind, Runnable release, BooleanSupplier active) {
        this.cache = cache;
        this.kind = kind;
        this.release = release;
        this.active = active;
    }

    /**
     * The JSR-107 part of the cache's configuration: typed, entries expire {@code ttlSeconds} after their put; no
     * JSR-107 statistics (Sentio counts hits and misses itself, and the provider's would cost every call).
     */
    static MutableConfiguration<String, byte[]> configuration(long ttlSeconds) {
        return new MutableConfiguration<String, byte[]>()
                .setTypes(String.class, byte[].class)
                .setExpiryPolicyFactory(CreatedExpiryPolicy.factoryOf(new Duration(TimeUnit.SECONDS, ttlSeconds)));
    }

    /**
     * The manager's cache of {@link #NAME}, created with {@code configuration} unless another process created it
     * first (then that one's configuration stands: every instance of a group is meant to run the same settings).
     */
    static Cache<String, byte[]> open(CacheManager manager, Configuration<String, byte[]> configuration) {
        Cache<String, byte[]> cache = manager.getCache(NAME, String.class, byte[].class);
        if (cache != null) {
            return cache;
        }
        try {
            return manager.createCache(NAME, configuration);
        } catch (CacheException raced) { // another member created it between the two calls
            cache = manager.getCache(NAME, String.class, byte[].class);
            if (cache == null) {
                throw raced;
            }
            return cache;
        }
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public Map<String, byte[]> getAll(Set<String> keys) {
        return cache.getAll(keys);
    }

    @Override
    public void putAll(Map<String, byte[]> entries) {
        cache.putAll(entries);
    }

    @Override
    public boolean active() {
        return active.getAsBoolean();
    }

    @Override
    public long entries() {
        return -1; // JSR-107 has no size; counting would iterate the whole shared cache
    }

    @Override
    public void close() {
        release.run();
    }
}
