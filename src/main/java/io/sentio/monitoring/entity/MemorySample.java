package io.sentio.monitoring.entity;

import java.time.Instant;

/** Memory of the server process at one moment, in bytes. */
public record MemorySample(Instant at, long heapUsed, long heapMax, long nonHeapUsed, long rss) {
}
