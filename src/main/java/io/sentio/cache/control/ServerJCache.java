package io.sentio.cache.control;

import javax.cache.Cache;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application server's own JCache, where it has one running: Payara's Hazelcast, bound in JNDI as
 * {@code payara/CachingProvider}. Payara Micro instances started as a cluster share it; one started with
 * {@code --nocluster} has none, and the cache stays local.
 */
final class ServerJCache {

    private static final Logger LOG = Logger.getLogger(ServerJCache.class.getName());
    private static final String PAYARA_PROVIDER = "payara/CachingProvider";
    private static final String PAYARA_HAZELCAST = "payara/Hazelcast";
    private static final long MEMBERS_CHECK_NANOS = TimeUnit.SECONDS.toNanos(1);

    private ServerJCache() {
    }

    /**
     * The server's shared store, or empty (with the reason logged at FINE) where the server has none.
     *
     * @param copies whether every member keeps copies of the others' answers ({@link Replicator}): then the copies
     *               are the backups, and Hazelcast keeps none
     */
    static Optional<ResultStore> open(int size, long ttlSeconds, boolean copies) {
        CachingProvider provider;
        try {
            provider = (CachingProvider) new InitialContext().lookup(PAYARA_PROVIDER);
        } catch (NamingException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "no server JCache (" + PAYARA_PROVIDER + "): " + e);
            return Optional.empty();
        }
        try {
            Cache<String, byte[]> cache = JCacheStore.open(provider.getCacheManager(),
                    hazelcastSized(JCacheStore.configuration(ttlSeconds), size, copies ? 0 : 1, provider));
            // the server owns the manager: closing the store leaves it to the server
            return Optional.of(new JCacheStore(cache, "hazelcast (Payara cluster)", () -> { }, othersPresent()));
        } catch (RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "the server's JCache did not open a cache (Payara Micro runs with --nocluster?): " + e);
            return Optional.empty();
        }
    }

    /**
     * The data grid's topic {@code name}, on which members send each other copies of their answers; empty (with
     * the reason logged) where the grid or its topics cannot be reached.
     */
    static Optional<Broadcast> topic(String name) {
        try {
            return Optional.of(HazelcastTopic.of(grid(), name));
        } catch (NamingException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info("the data grid's topic " + name + " cannot be reached (" + e + "): members do not keep copies "
                    + "of each other's answers, and lookups ask the shared cache");
            return Optional.empty();
        }
    }

    /**
     * Whether the data grid has had members besides this one, checked at most once a second until it has. Payara
     * Micro started with {@code --nocluster} still runs Hazelcast, alone: a cache in it would only hold a second copy
     * of the local one. Once shared, always: a member left alone by the others' death holds their entries' backups,
     * and serves them. Where the grid cannot be asked, the store is taken as shared.
     */
    private static BooleanSupplier othersPresent() {
        try {
            Object grid = grid();
            Method cluster = gridMethod(grid, "getCluster");
            Method members = Class.forName("com.hazelcast.cluster.Cluster", true, grid.getClass().getClassLoader())
                    .getMethod("getMembers");
            AtomicLong checked = new AtomicLong(System.nanoTime() - MEMBERS_CHECK_NANOS);
            AtomicBoolean others = new AtomicBoolean();
            return () -> {
                long now = System.nanoTime();
                long last = checked.get();
                if (!others.get() && now - last >= MEMBERS_CHECK_NANOS && checked.compareAndSet(last, now)) {
                    try {
                        others.set(((Set<?>) members.invoke(cluster.invoke(grid))).size() > 1);
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        others.set(true);
                    }
                }
                return others.get();
            };
        } catch (NamingException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.log(Level.FINE, "the data grid's members cannot be counted (" + e + "): the cache is taken as shared");
            return () -> true;
        }
    }

    /** The server's data grid: a {@code com.hazelcast.core.HazelcastInstance}, a server class reached by reflection. */
    private static Object grid() throws NamingException {
        return new InitialContext().lookup(PAYARA_HAZELCAST);
    }

    /** A method of the data grid {@code grid}'s interface, {@code com.hazelcast.core.HazelcastInstance}. */
    static Method gridMethod(Object grid, String name, Class<?>... parameters) throws ReflectiveOperationException {
        return Class.forName("com.hazelcast.core.HazelcastInstance", true, grid.getClass().getClassLoader())
                .getMethod(name, parameters);
    }

    /**
     * Hazelcast's cache configuration with an entry bound (approximate, per member, least recently used evicted;
     * JSR-107 itself has no size) and {@code backups} asynchronous backups. Hazelcast's classes are the server's, so
     * they are reached by reflection; where they cannot be, the plain configuration stands and Hazelcast's own bound
     * (10,000 entries) applies.
     */
    @SuppressWarnings("unchecked")
    private static Configuration<String, byte[]> hazelcastSized(MutableConfiguration<String, byte[]> plain, int size,
                                                                int backups, CachingProvider provider) {
        try {
            ClassLoader loader = provider.getClass().getClassLoader();
            Class<?> cacheConfig = Class.forName("com.hazelcast.config.CacheConfig", true, loader);
            Object config = cacheConfig.getConstructor(javax.cache.configuration.CompleteConfiguration.class)
                    .newInstance(plain);
            Object eviction = cacheConfig.getMethod("getEvictionConfig").invoke(config);
            Class<?> policy = Class.forName("com.hazelcast.config.MaxSizePolicy", true, loader);
            Class<?> order = Class.forName("com.hazelcast.config.EvictionPolicy", true, loader);
            eviction.getClass().getMethod("setSize", int.class).invoke(eviction, size);
            eviction.getClass().getMethod("setMaxSizePolicy", policy).invoke(eviction, constant(policy, "ENTRY_COUNT"));
            eviction.getClass().getMethod("setEvictionPolicy", order).invoke(eviction, constant(order, "LRU"));
            // a backup on another member (where members keep no copies), written without waiting for it: a put
            // costs one round trip, and an entry lost with a member in the moment after its put is only scored again
            cacheConfig.getMethod("setBackupCount", int.class).invoke(config, 0);
            cacheConfig.getMethod("setAsyncBackupCount", int.class).invoke(config, backups);
            return (Configuration<String, byte[]>) config;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            LOG.info("the shared cache keeps Hazelcast's own size bound: CACHE_SIZE could not be applied (" + e + ")");
            return plain;
        }
    }

    private static Object constant(Class<?> type, String name) throws ReflectiveOperationException {
        Method valueOf = type.getMethod("valueOf", String.class);
        return valueOf.invoke(null, name);
    }
}
