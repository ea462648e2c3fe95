package io.sentio.models.entity;

import java.util.List;

/**
 * The model cache's state.
 *
 * @param maxSize   models kept loaded at most
 * @param loaded    loaded models, least recently used first
 * @param hits      requests that found their model loaded
 * @param misses    requests that had to load it
 * @param evictions models unloaded to make room
 */
public record CacheStats(int maxSize, List<LoadedModelInfo> loaded, long hits, long misses, long evictions) {
}
