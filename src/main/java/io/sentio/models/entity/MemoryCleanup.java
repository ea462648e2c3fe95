package io.sentio.models.entity;

import java.time.Instant;

/** Resident memory of the process before and after a model was unloaded and a GC requested. */
public record MemoryCleanup(String model, Instant at, long rssBeforeMb, long rssAfterMb) {
}
