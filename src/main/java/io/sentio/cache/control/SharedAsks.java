package io.sentio.cache.control;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a lookup's local misses are worth asking of the shared store, where every member keeps a copy of the
 * others' answers ({@link Replicator}): then the shared store holds little that the copy lacks (answers scored
 * before this member joined, or sent while it was cut off), and asking it for every miss costs a network call
 * for nothing. Asks every time while the shared store finds at least {@link #WORTH} of the keys asked, else one
 * lookup in {@link #PROBE_EVERY}, which tells when it is worth asking again (a member that has just joined finds
 * most of its repeats there, and asks every time until its copy has them).
 */
final class SharedAsks {

    /** Asked keys found in the shared store, a fraction, below which a lookup only probes it. */
    static final double WORTH = 0.02;
    static final int PROBE_EVERY = 16;
    /** Weight of one answer in the running fraction (about the last 30 answers count). */
    private static final double WEIGHT = 1.0 / 32;

    private final AtomicLong lookups = new AtomicLong();
    /** The running fraction of asked keys that the shared store had; it starts out worth asking. */
    private volatile double found = 1.0;

    /** Whether this lookup asks the shared store for its local misses. */
    boolean ask() {
        return found() >= WORTH || lookups.incrementAndGet() % PROBE_EVERY == 0;
    }

    /** The shared store's answer to an ask: {@code hits} of {@code asked} keys found (0 where it failed). */
    synchronized void answered(int asked, int hits) {
        if (asked > 0) {
            found += WEIGHT * ((double) hits / asked - found);
        }
    }

    double found() {
        return found;
    }
}
