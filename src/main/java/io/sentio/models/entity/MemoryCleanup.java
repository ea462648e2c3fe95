package io.sentio.models.entity;

import java.time.Instant;

/**
 * Resident memory of the process before and after a model was unloaded, a GC requested and (where the C
 * library allows) the C heap trimmed, and how long that took.
 */
public record MemoryCleanup(String model, Instant at, long rssBeforeMb, long rssAfterMb, boolean nativeHeapTrimmed,
                            long millis) {
}
