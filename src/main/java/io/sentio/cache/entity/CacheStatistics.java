package io.sentio.cache.entity;

/**
 * The result cache in {@code /api/performance}; counts since the statistics were last reset.
 *
 * @param enabled      whether answers are remembered at all (CACHE_ENABLED)
 * @param store        where: {@code local}, or the shared store behind the local one
 * @param entries      entries in this process's local store now
 * @param capacity     entries the local store holds at most (CACHE_SIZE)
 * @param ttlSeconds   seconds an entry is kept (CACHE_TTL_SECONDS)
 * @param hits         texts answered from the cache, local and shared
 * @param sharedHits   of those, the ones another member scored (found in the shared store, or its copy here)
 * @param misses       texts that the model had to score
 * @param hitRatio     hits per text looked up, 0 to 1
 * @param evictions    local entries removed to make room
 * @param sharedErrors shared-store calls that failed or ran past CACHE_SHARED_TIMEOUT_MS (answered as misses)
 */
public record CacheStatistics(boolean enabled, String store, long entries, int capacity, long ttlSeconds, long hits,
                              long sharedHits, long misses, double hitRatio, long evictions, long sharedErrors) {
}
