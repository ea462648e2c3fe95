package io.sentio.models.entity;

import jakarta.json.bind.annotation.JsonbNillable;

import java.util.List;

/**
 * The model cache's state.
 *
 * @param maxSize   models kept loaded at most
 * @param memoryBudgetMb what loaded models may be charged together ({@code null}: no budget)
 * @param chargedMb what the models in the cache are charged now, loads still running included
 * @param loaded    loaded models, least recently used first
 * @param hits      requests that found their model loaded
 * @param misses    requests that had to load it
 * @param evictions models unloaded to make room
 */
@JsonbNillable
public record CacheStats(int maxSize, Long memoryBudgetMb, long chargedMb, List<LoadedModelInfo> loaded, long hits, long misses, long evictions) {
}
