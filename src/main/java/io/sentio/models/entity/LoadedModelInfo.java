package io.sentio.models.entity;

import java.time.Instant;

/**
 * A model in the registry's cache.
 *
 * @param name       model name
 * @param loadMillis how long loading took
 * @param loadedAt   when it was loaded
 * @param lastUsed   when a request last used it
 * @param inUse      requests using it right now
 */
public record LoadedModelInfo(String name, long loadMillis, Instant loadedAt, Instant lastUsed, int inUse) {
}
