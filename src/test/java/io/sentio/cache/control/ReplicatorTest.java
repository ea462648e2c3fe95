package io.sentio.cache.control;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplicatorTest {

    /** A channel that keeps what is published and delivers it to nobody until told. */
    static final class Recording implements Broadcast {
        final List<byte[]> published = new ArrayList<>();
        Consumer<byte[]> receiver;
        boolean closed;

        @Override
        public synchronized void publish(byte[] message) {
            published.add(message);
        }

        @Override
        public void subscribe(Consumer<byte[]> r) {
            receiver = r;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final Recording channel = new Recording();
    private final List<Map<String, byte[]>> stored = Collections.synchronizedList(new ArrayList<>());
    private final List<Map<String, byte[]>> received = new ArrayList<>();
    private final ResultCacheTest.Counts counts = new ResultCacheTest.Counts();

    /** The replicators' clock, in nanoseconds: moved by the tests. */
    private long now;

    private Replicator replicator(int capacity) {
        return new Replicator(channel, stored::add, received::add, counts, capacity, () -> now, 1000);
    }

    private static Map<String, byte[]> entries(int n, String prefix) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            entries.put(prefix + i, new byte[] {(byte) i, 7});
        }
        return entries;
    }

    @Test
    void aMessageCarriesItsEntriesAndItsSendersOwnIsSkipped() {
        Map<String, byte[]> entries = entries(3, "key");
        byte[] message = Replicator.encode(42, entries);
        Map<String, byte[]> decoded = Replicator.decode(message, 7).orElseThrow();
        assertEquals(List.copyOf(entries.keySet()), List.copyOf(decoded.keySet()));
        entries.forEach((k, v) -> assertArrayEquals(v, decoded.get(k)));
        assertEquals(Optional.empty(), Replicator.decode(message, 42));
        assertEquals(Map.of(), Replicator.decode(Replicator.encode(1, Map.of()), 2).orElseThrow());
    }

    @Test
    void aMessageCutShortOrOfAnotherVersionIsRefusedWhole() {
        byte[] message = Replicator.encode(42, entries(2, "key"));
        for (int cut = 0; cut < message.length; cut++) {
            byte[] shorter = Arrays.copyOf(message, cut);
            assertThrows(IllegalArgumentException.class, () -> Replicator.decode(shorter, 7), "cut at " + cut);
        }
        byte[] other = message.clone();
        other[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> Replicator.decode(other, 7));

        Replicator replicator = replicator(10);
        replicator.receive(other); // on the channel's thread: counted, nothing kept, nothing thrown
        assertEquals(List.of(), received);
        assertEquals(1, counts.failures.size());
    }

    @Test
    void answersAreSentInBatchesToTheOthersAndToTheSharedStore() {
        Replicator replicator = replicator(2000);
        replicator.send();
        assertEquals(List.of(), channel.published); // nothing waiting, nothing sent
        replicator.offer(entries(700, "a"));
        replicator.offer(entries(300, "b"));
        replicator.send();
        assertEquals(2, channel.published.size()); // 512 and 488
        Map<String, byte[]> first = Replicator.decode(channel.published.get(0), 0).orElseThrow();
        assertEquals(Replicator.MAX_BATCH, first.size());
        assertTrue(first.containsKey("a0"));
        assertEquals(List.of(), stored); // the shared store gets them later, in one batch

        now += 999;
        replicator.offer(entries(5, "c"));
        replicator.send();
        assertEquals(3, channel.published.size());
        assertEquals(List.of(), stored);
        now += 1;
        replicator.send(); // the first waited long enough: all 1,005 go
        assertEquals(3, channel.published.size());
        assertEquals(List.of(1005), stored.stream().map(Map::size).toList());
        assertEquals(List.of("a0", "a1"), stored.get(0).keySet().stream().limit(2).toList());

        // another member's replicator gets them; this one skips its own
        Replicator other = new Replicator(new Recording(), m -> { }, received::add, counts, 10);
        channel.published.forEach(other::receive);
        assertEquals(1005, received.stream().mapToInt(Map::size).sum());
        received.clear();
        channel.published.forEach(replicator::receive);
        assertEquals(List.of(), received);
    }

    @Test
    void manyAnswersWaitingGoToTheSharedStoreAtOnce() {
        Replicator replicator = replicator(2 * Replicator.STORE_BATCH);
        replicator.offer(entries(Replicator.STORE_BATCH - 1, "a"));
        replicator.send();
        assertEquals(List.of(), stored);
        replicator.offer(entries(1, "b"));
        replicator.send(); // no time has passed
        assertEquals(List.of(Replicator.STORE_BATCH), stored.stream().map(Map::size).toList());
    }

    @Test
    void aFullBacklogKeepsAnswersLocalAndCountsAFailure() {
        Replicator replicator = replicator(5);
        replicator.offer(entries(8, "x"));
        assertEquals(1, counts.failures.size());
        replicator.send();
        assertEquals(5, Replicator.decode(channel.published.get(0), 0).orElseThrow().size());
    }

    @Test
    void closingSendsWhatIsWaitingAndEndsTheSubscription() {
        Replicator replicator = replicator(10).start();
        assertTrue(channel.receiver != null);
        replicator.offer(entries(3, "last"));
        replicator.close(); // sent, and given to the shared store without waiting for it
        assertEquals(3, stored.stream().mapToInt(Map::size).sum());
        assertEquals(1, channel.published.size());
        assertTrue(channel.closed);
    }
}
