package io.sentio.cache.control;

import org.redisson.client.codec.ByteArrayCodec;
import org.redisson.client.codec.StringCodec;
import org.redisson.codec.CompositeCodec;
import org.redisson.config.Config;
import org.redisson.jcache.JCachingProvider;
import org.redisson.jcache.configuration.RedissonConfiguration;

import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * The shared store in Redis (CACHE_REDIS_URL), through Redisson's JCache provider. Its own class, so Redisson is
 * loaded only where Redis is configured. Connects lazily: a Redis that is down at start, or later, makes misses
 * (counted as shared errors) until it answers again, never a failed start.
 */
final class RedisStore {

    private RedisStore() {
    }

    /**
     * @param url           {@code redis://host:port} or {@code rediss://host:port} (TLS), with
     *                      {@code redis://:password@host:port} for a password
     * @param timeoutMillis how long one Redis command may take before it fails (the lookup waits no longer anyway)
     */
    static ResultStore open(String url, long ttlSeconds, long timeoutMillis) {
        Config config = new Config();
        config.setLazyInitialization(true);
        config.setThreads(2);
        config.setNettyThreads(4);
        // keys as text, values as the codec's bytes: nothing Java-serialized in Redis
        config.setCodec(new CompositeCodec(StringCodec.INSTANCE, ByteArrayCodec.INSTANCE));
        int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeoutMillis));
        config.useSingleServer()
                .setAddress(url)
                .setConnectionMinimumIdleSize(2)
                .setConnectionPoolSize(16)
                .setTimeout(timeout)
                .setConnectTimeout(Math.max(timeout, 1000))
                .setRetryAttempts(0);
        JCachingProvider provider = new JCachingProvider();
        // the default URI: Redisson then looks for a redisson-jcache.yaml of its own, finds none, and takes the
        // configuration given with the cache below
        CacheManager manager = provider.getCacheManager(provider.getDefaultURI(), RedisStore.class.getClassLoader());
        try {
            Cache<String, byte[]> cache = JCacheStore.open(manager,
                    RedissonConfiguration.fromConfig(config, JCacheStore.configuration(ttlSeconds)));
            return new JCacheStore(cache, "redis (" + withoutPassword(url) + ")", () -> {
                manager.close();
                provider.close();
            }, () -> true);
        } catch (RuntimeException e) {
            manager.close();
            provider.close();
            throw e;
        }
    }

    /** The URL as logs and statistics may show it. */
    static String withoutPassword(String url) {
        return url.replaceFirst("//[^@/]*@", "//***@");
    }
}
