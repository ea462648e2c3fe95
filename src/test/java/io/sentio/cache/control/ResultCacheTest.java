package io.sentio.cache.control;

import io.sentio.inference.entity.LongText;
import io.sentio.inference.entity.Prediction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.sentio.cache.control.ResultCodecTest.prediction;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResultCacheTest {

    private static final String MODEL = "f".repeat(64);
    private static final LongText.Policy HEAD_TAIL = LongText.Policy.HEAD_TAIL;

    /** A shared store in memory: what another process put is there for this one. */
    static final class MemoryStore implements ResultStore {
        final Map<String, byte[]> entries = new HashMap<>();
        final CountDownLatch stored = new CountDownLatch(1);
        volatile CountDownLatch hang;
        volatile boolean active = true;
        int calls;

        @Override
        public boolean active() {
            return active;
        }

        @Override
        public String kind() {
            return "memory";
        }

        @Override
        public Map<String, byte[]> getAll(Set<String> keys) {
            calls++;
            if (hang != null) {
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            synchronized (entries) {
                Map<String, byte[]> found = new HashMap<>();
                keys.stream().filter(entries::containsKey).forEach(k -> found.put(k, entries.get(k)));
                return found;
            }
        }

        @Override
        public void putAll(Map<String, byte[]> values) {
            synchronized (entries) {
                entries.putAll(values);
            }
            stored.countDown();
        }

        @Override
        public long entries() {
            return entries.size();
        }

        @Override
        public void close() {
        }
    }

    /** What the cache reported. */
    static final class Counts implements ResultCache.Events {
        int texts;
        int localHits;
        int sharedHits;
        final List<Exception> failures = new ArrayList<>();

        @Override
        public void looked(int n, int local, int shared) {
            texts += n;
            localHits += local;
            sharedHits += shared;
        }

        @Override
        public void evicted() {
        }

        @Override
        public synchronized void sharedFailed(Exception e) {
            failures.add(e);
        }
    }

    private final ExecutorService calls = Executors.newFixedThreadPool(2);
    private final Counts counts = new Counts();
    private final MemoryStore shared = new MemoryStore();

    @AfterEach
    void stop() {
        if (shared.hang != null) {
            shared.hang.countDown();
        }
        calls.shutdownNow();
    }

    private ResultCache cache(Optional<ResultStore> sharedStore, long timeoutNanos) {
        return new ResultCache(new LocalStore(100, TimeUnit.HOURS.toNanos(1), System::nanoTime, () -> { }, () -> { }),
                sharedStore, calls, timeoutNanos, counts);
    }

    @Test
    void aRepeatedTextIsFoundAndOnlyTheNewOnesAreMissing() {
        ResultCache cache = cache(Optional.empty(), TimeUnit.SECONDS.toNanos(1));
        Lookup first = cache.lookup(MODEL, HEAD_TAIL, List.of("good", "bad"));
        assertEquals(List.of("good", "bad"), first.missing());
        Prediction good = prediction("POSITIVE", 0.99, 3);
        Prediction bad = prediction("NEGATIVE", 0.02, 3);
        cache.remember(first, List.of(good, bad));
        assertEquals(List.of(good, bad), first.complete(List.of(good, bad)));
        assertFalse(first.cached(0));

        Lookup second = cache.lookup(MODEL, HEAD_TAIL, List.of("new", "good", "bad"));
        assertEquals(List.of("new"), second.missing());
        Prediction fresh = prediction("POSITIVE", 0.7, 3);
        assertEquals(List.of(fresh, good, bad), second.complete(List.of(fresh)));
        assertFalse(second.cached(0));
        assertTrue(second.cached(1) && second.cached(2));
        assertEquals(5, counts.texts);
        assertEquals(2, counts.localHits);
    }

    @Test
    void aTextTwiceInOneRequestIsScoredOnce() {
        ResultCache cache = cache(Optional.empty(), TimeUnit.SECONDS.toNanos(1));
        Lookup lookup = cache.lookup(MODEL, HEAD_TAIL, List.of("same", "other", "same"));
        assertEquals(List.of("same", "other"), lookup.missing());
        Prediction same = prediction("POSITIVE", 0.9, 3);
        Prediction other = prediction("NEGATIVE", 0.1, 3);
        assertEquals(List.of(same, other, same), lookup.complete(List.of(same, other)));
    }

    @Test
    void theKeyDependsOnModelPolicyAndExactText() {
        String key = ResultCache.key(MODEL, HEAD_TAIL, "Good movie");
        assertEquals(key, ResultCache.key(MODEL, HEAD_TAIL, "Good movie"));
        assertNotEquals(key, ResultCache.key("e".repeat(64), HEAD_TAIL, "Good movie"));
        assertNotEquals(key, ResultCache.key(MODEL, LongText.Policy.CHUNK, "Good movie"));
        assertNotEquals(key, ResultCache.key(MODEL, HEAD_TAIL, "good movie"));
        assertEquals(43, key.length()); // a 1,000,000-character text is 43 characters of key like any other
    }

    @Test
    void whatAnotherProcessRememberedIsFoundInTheSharedStoreAndKeptLocally() throws Exception {
        ResultCache writer = cache(Optional.of(shared), TimeUnit.SECONDS.toNanos(5));
        Lookup written = writer.lookup(MODEL, HEAD_TAIL, List.of("shared text"));
        Prediction p = prediction("POSITIVE", 0.8, 4);
        writer.remember(written, List.of(p));
        assertTrue(shared.stored.await(10, TimeUnit.SECONDS), "the shared put ran");

        ResultCache reader = cache(Optional.of(shared), TimeUnit.SECONDS.toNanos(5));
        Lookup read = reader.lookup(MODEL, HEAD_TAIL, List.of("shared text"));
        assertEquals(List.of(), read.missing());
        assertEquals(List.of(p), read.complete(List.of()));
        assertEquals(1, counts.sharedHits);

        shared.entries.clear(); // the next lookup is answered by the reader's local store
        assertEquals(List.of(), reader.lookup(MODEL, HEAD_TAIL, List.of("shared text")).missing());
        assertEquals(1, counts.sharedHits);
        assertEquals(1, counts.localHits);
    }

    @Test
    void aSharedStoreThatDoesNotAnswerInTimeMakesMissesNotErrors() {
        shared.hang = new CountDownLatch(1);
        ResultCache cache = cache(Optional.of(shared), TimeUnit.MILLISECONDS.toNanos(50));
        Lookup lookup = cache.lookup(MODEL, HEAD_TAIL, List.of("a", "b"));
        assertEquals(List.of("a", "b"), lookup.missing());
        assertEquals(1, counts.failures.size());
        assertTrue(counts.failures.get(0) instanceof java.util.concurrent.TimeoutException, counts.failures.toString());
    }

    @Test
    void aSharedStoreWithNobodyToShareWithIsNeitherAskedNorFilled() {
        shared.active = false;
        ResultCache cache = cache(Optional.of(shared), TimeUnit.SECONDS.toNanos(5));
        Lookup lookup = cache.lookup(MODEL, HEAD_TAIL, List.of("alone"));
        cache.remember(lookup, List.of(prediction("POSITIVE", 0.9, 2)));
        assertEquals("local", cache.kind());
        assertEquals(List.of(), cache.lookup(MODEL, HEAD_TAIL, List.of("alone")).missing()); // the local store
        assertEquals(0, shared.calls);
        assertTrue(shared.entries.isEmpty());
        shared.active = true; // a second member came
        assertEquals("local + memory", cache.kind());
        cache.lookup(MODEL, HEAD_TAIL, List.of("new text"));
        assertEquals(1, shared.calls);
    }

    @Test
    void anOffCacheMissesEverythingAndRemembersNothing() {
        Lookup lookup = Lookup.none(List.of("x", "x"));
        assertEquals(List.of("x", "x"), lookup.missing());
        assertEquals(Map.of(), lookup.byKey(List.of(prediction("POSITIVE", 0.9, 1), prediction("POSITIVE", 0.9, 1))));
    }

    /** Members of one group: what one publishes, every subscriber gets, on the publisher's thread. */
    static final class Group {
        final List<Consumer<byte[]>> receivers = new CopyOnWriteArrayList<>();
        final Semaphore messages = new Semaphore(0);

        Broadcast member() {
            return new Broadcast() {
                Consumer<byte[]> mine;

                @Override
                public void publish(byte[] message) {
                    receivers.forEach(r -> r.accept(message));
                    messages.release();
                }

                @Override
                public void subscribe(Consumer<byte[]> receiver) {
                    mine = receiver;
                    receivers.add(receiver);
                }

                @Override
                public void close() {
                    receivers.remove(mine);
                }
            };
        }
    }

    @Test
    void withCopiesOnEveryMemberARepeatIsAnsweredFromTheCopyAndTheSharedStoreIsOnlyProbed() throws Exception {
        Group group = new Group();
        try (ResultCache writer = cache(Optional.of(shared), TimeUnit.SECONDS.toNanos(5)).replicate(group.member(), 100);
             ResultCache reader = cache(Optional.of(shared), TimeUnit.SECONDS.toNanos(5)).replicate(group.member(), 100)) {
            assertEquals("local + memory, copies on every member", reader.kind());
            Lookup written = writer.lookup(MODEL, HEAD_TAIL, List.of("copied text"));
            Prediction p = prediction("NEGATIVE", 0.1, 5);
            writer.remember(written, List.of(p));
            assertTrue(group.messages.tryAcquire(10, TimeUnit.SECONDS), "the writer sent its answer");
            assertTrue(shared.stored.await(10, TimeUnit.SECONDS), "and put it in the shared store");
            int calls = shared.calls;

            Lookup read = reader.lookup(MODEL, HEAD_TAIL, List.of("copied text"));
            assertEquals(List.of(p), read.complete(List.of()));
            assertEquals(calls, shared.calls); // answered from the copy, without asking the shared store
            assertEquals(1, counts.sharedHits); // scored by another member
            reader.lookup(MODEL, HEAD_TAIL, List.of("copied text"));
            assertEquals(1, counts.localHits);

            // texts nobody scored: the shared store is asked while it might hold them, then only probed
            for (int i = 0; i < 400; i++) {
                reader.lookup(MODEL, HEAD_TAIL, List.of("new " + i));
            }
            int asked = shared.calls - calls;
            assertTrue(asked > 100 && asked < 200, asked + " of 400 lookups asked the shared store");
        }
        assertEquals(List.of(), group.receivers); // both subscriptions ended
    }
}
