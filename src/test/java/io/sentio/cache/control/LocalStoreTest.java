package io.sentio.cache.control;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LocalStoreTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final AtomicInteger evicted = new AtomicInteger();
    private final AtomicInteger expired = new AtomicInteger();

    private LocalStore store(int capacity, long ttl) {
        return new LocalStore(capacity, ttl, now::get, evicted::incrementAndGet, expired::incrementAndGet);
    }

    @Test
    void evictsTheLeastRecentlyUsedBeyondItsCapacity() {
        LocalStore store = store(2, 1_000_000);
        store.putAll(Map.of("a", new byte[] {1}));
        store.putAll(Map.of("b", new byte[] {2}));
        store.getAll(Set.of("a")); // a is now more recent than b
        store.putAll(Map.of("c", new byte[] {3}));

        Map<String, byte[]> found = store.getAll(Set.of("a", "b", "c"));
        assertEquals(Set.of("a", "c"), found.keySet());
        assertArrayEquals(new byte[] {1}, found.get("a"));
        assertEquals(1, evicted.get());
        assertEquals(2, store.entries());
    }

    @Test
    void dropsEntriesOnceTheirTimeToLiveHasPassed() {
        LocalStore store = store(10, 100);
        store.putAll(Map.of("a", new byte[] {1}));
        now.addAndGet(99);
        assertEquals(Set.of("a"), store.getAll(Set.of("a")).keySet());
        now.addAndGet(1);
        assertEquals(Set.of(), store.getAll(Set.of("a")).keySet());
        assertEquals(1, expired.get());
        assertEquals(0, store.entries());
        assertEquals(0, evicted.get());
    }

    @Test
    void aPutStartsTheTimeToLiveAgain() {
        LocalStore store = store(10, 100);
        store.putAll(Map.of("a", new byte[] {1}));
        now.addAndGet(60);
        store.putAll(Map.of("a", new byte[] {2}));
        now.addAndGet(60);
        assertArrayEquals(new byte[] {2}, store.getAll(Set.of("a")).get("a"));
    }

    @Test
    void refusesANonPositiveCapacityOrTimeToLive() {
        assertThrows(IllegalArgumentException.class, () -> store(0, 100));
        assertThrows(IllegalArgumentException.class, () -> store(1, 0));
    }

    @Test
    void anotherMembersEntryCountsAsItsOnceAndNeverReplacesThisOnesOwn() {
        LocalStore store = store(10, 1_000_000);
        store.putAll(Map.of("mine", new byte[] {1}));
        store.putOthers(Map.of("mine", new byte[] {9}, "theirs", new byte[] {2}));

        Set<String> fromOthers = new HashSet<>();
        Map<String, byte[]> found = store.getAll(Set.of("mine", "theirs", "nobody's"), fromOthers);
        assertEquals(Set.of("mine", "theirs"), found.keySet());
        assertArrayEquals(new byte[] {1}, found.get("mine"));
        assertEquals(Set.of("theirs"), fromOthers);

        fromOthers.clear(); // asked for here once: from now on this store's own
        assertArrayEquals(new byte[] {2}, store.getAll(Set.of("theirs"), fromOthers).get("theirs"));
        assertEquals(Set.of(), fromOthers);
    }
}
