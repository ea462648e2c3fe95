package io.sentio.cache.control;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Entries in this process: at most {@code capacity}, the least recently used evicted first, each dropped once
 * older than the time to live. In front of a shared store it answers repeats without a network call.
 */
final class LocalStore implements ResultStore {

    /** @param fromOthers put by {@link #putOthers}: scored by another member and not yet asked for here */
    private record Entry(byte[] value, long expiresNanos, boolean fromOthers) {
    }

    private final int capacity;
    private final long ttlNanos;
    private final LongSupplier clock;
    private final Runnable onEviction;
    private final Runnable onExpiry;
    private final LinkedHashMap<String, Entry> entries;

    /**
     * @param clock      nanoseconds, as {@link System#nanoTime}
     * @param onEviction told of each entry removed to make room for a newer one
     * @param onExpiry   told of each entry found past its time to live (and then removed)
     */
    LocalStore(int capacity, long ttlNanos, LongSupplier clock, Runnable onEviction, Runnable onExpiry) {
        if (capacity < 1 || ttlNanos < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " and time to live " + ttlNanos
                    + " ns must be positive");
        }
        this.capacity = capacity;
        this.ttlNanos = ttlNanos;
        this.clock = clock;
        this.onEviction = onEviction;
        this.onExpiry = onExpiry;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
                if (size() > LocalStore.this.capacity) {
                    onEviction.run();
                    return true;
                }
                return false;
            }
        };
    }

    @Override
    public String kind() {
        return "local";
    }

    @Override
    public Map<String, byte[]> getAll(Set<String> keys) {
        return getAll(keys, new HashSet<>());
    }

    /**
     * As {@link #getAll(Set)}, and adds to {@code fromOthers} the keys found of entries that another member scored
     * ({@link #putOthers}) and that are asked for here for the first time; from now on they count as this store's.
     */
    synchronized Map<String, byte[]> getAll(Set<String> keys, Set<String> fromOthers) {
        Map<String, byte[]> found = new HashMap<>();
        long now = clock.getAsLong();
        for (String key : keys) {
            Entry e = entries.get(key);
            if (e == null) {
                continue;
            }
            if (now - e.expiresNanos() >= 0) {
                entries.remove(key);
                onExpiry.run();
            } else {
                found.put(key, e.value());
                if (e.fromOthers()) {
                    fromOthers.add(key);
                    entries.put(key, new Entry(e.value(), e.expiresNanos(), false));
                }
            }
        }
        return found;
    }

    @Override
    public synchronized void putAll(Map<String, byte[]> values) {
        long expires = clock.getAsLong() + ttlNanos;
        values.forEach((key, value) -> entries.put(key, new Entry(value, expires, false)));
    }

    /**
     * Keeps entries that another member scored (copies it sent), each unless this store holds its key already; a
     * hit on one is counted as shared ({@link #getAll(Set, Set)}).
     */
    synchronized void putOthers(Map<String, byte[]> values) {
        long expires = clock.getAsLong() + ttlNanos;
        values.forEach((key, value) -> entries.putIfAbsent(key, new Entry(value, expires, true)));
    }

    @Override
    public synchronized long entries() {
        return entries.size();
    }

    @Override
    public synchronized void close() {
        entries.clear();
    }
}
