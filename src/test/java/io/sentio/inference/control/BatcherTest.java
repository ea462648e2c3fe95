package io.sentio.inference.control;

import ai.onnxruntime.OrtSession;
import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.EngineSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batcher's scheduling logic, with a stand-in runner that echoes each text's first token id. */
class BatcherTest {

    static EngineSettings settings(int maxBatch, int budget, int queue) {
        return settings(1, maxBatch, budget, queue);
    }

    static EngineSettings settings(int parallelRuns, int maxBatch, int budget, int queue) {
        return new EngineSettings(1, 1, false, parallelRuns, maxBatch, budget, 8, Duration.ofMillis(2), queue, true, 0,
                null, false);
    }

    static Encoded text(long id, int length) {
        long[] ids = new long[length];
        ids[0] = id;
        return new Encoded(ids, new long[length], false);
    }

    /** A runner that records each run's first token ids, signals {@code started} and holds every run until {@code release}. */
    static final class HeldRunner implements Batcher.Runner {
        final List<List<Long>> runs = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public float[][] run(List<Encoded> batch, OrtSession.RunOptions options) throws InterruptedException {
            runs.add(batch.stream().map(e -> e.ids()[0]).toList());
            started.countDown();
            release.await();
            return new float[batch.size()][1];
        }
    }

    @Test
    void eachCallerGetsItsOwnRow() throws Exception {
        List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch allSubmitted = new CountDownLatch(1);
        Batcher.Runner echo = (batch, options) -> {
            batchSizes.add(batch.size());
            allSubmitted.await(); // the first runs end only once every text is queued: the rest must coalesce
            return batch.stream().map(e -> new float[]{e.ids()[0], e.length()}).toArray(float[][]::new);
        };
        try (Batcher batcher = new Batcher("t", echo, settings(16, 4096, 1000), BatchObserver.NONE)) {
            List<CompletableFuture<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                results.add(batcher.submit(text(i, 1 + (i * 37) % 60)));
            }
            allSubmitted.countDown();
            for (int i = 0; i < 200; i++) {
                assertArrayEquals(new float[]{i, 1 + (i * 37) % 60}, results.get(i).get(5, TimeUnit.SECONDS));
            }
        }
        assertTrue(batchSizes.stream().anyMatch(size -> size > 1), "texts were coalesced: " + batchSizes);
        assertTrue(batchSizes.stream().allMatch(size -> size <= 16), "batches within the limit: " + batchSizes);
    }

    @Test
    void groupsByLengthWithinTheTokenBudget() {
        List<Integer> lengths = new ArrayList<>(Collections.nCopies(20, 8));
        lengths.add(120);
        lengths.add(120);
        List<List<Integer>> groups = Batcher.group(lengths, Integer::intValue, 32, 256, 8);
        for (List<Integer> group : groups) {
            assertTrue(group.size() * Collections.max(group) <= 256 || group.size() == 1, "budget kept: " + groups);
        }
        assertTrue(groups.stream().anyMatch(g -> g.size() == 20 && Collections.max(g) == 8),
                "short texts not padded to the long ones: " + groups);
    }

    @Test
    void similarLengthsShareARun() {
        List<List<Integer>> groups = Batcher.group(List.of(9, 10, 11, 12, 10, 9), Integer::intValue, 32, 4096, 16);
        assertEquals(1, groups.size(), groups.toString());
        assertEquals(List.of(9, 9, 10, 10, 11, 12), groups.get(0));
    }

    @Test
    void oneTextPerRunWithABatchSizeOfOne() {
        assertEquals(List.of(List.of(5), List.of(5), List.of(5)), Batcher.group(List.of(5, 5, 5), Integer::intValue, 1, 4096, 8));
    }

    @Test
    void aCheapRunOverheadSplitsWhereAnExpensiveOneMerges() {
        List<Integer> lengths = List.of(4, 4, 4, 4, 30);
        assertEquals(2, Batcher.group(lengths, Integer::intValue, 32, 4096, 8).size());
        assertEquals(1, Batcher.group(lengths, Integer::intValue, 32, 4096, 200).size());
    }

    @Test
    void theLongestWaitingTextRunsNextEvenWhenShorterOnesArriveAfterIt() throws Exception {
        HeldRunner held = new HeldRunner();
        try (Batcher batcher = new Batcher("t", held, settings(8, 4096, 100), BatchObserver.NONE)) {
            CompletableFuture<float[]> blocker = batcher.submit(text(0, 3));
            held.started.await();
            List<CompletableFuture<float[]>> all = new ArrayList<>(List.of(blocker, batcher.submit(text(100, 100))));
            for (int i = 1; i <= 8; i++) {
                all.add(batcher.submit(text(i, 3)));
            }
            held.release.countDown();
            for (CompletableFuture<float[]> f : all) {
                f.get(5, TimeUnit.SECONDS);
            }
        }
        assertEquals(List.of(100L), held.runs.get(1), "runs: " + held.runs);
        assertEquals(3, held.runs.size(), "the short texts shared one run: " + held.runs);
    }

    @Test
    void parallelRunsOverlap() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        Batcher.Runner meeting = (batch, options) -> {
            bothRunning.countDown();
            if (!bothRunning.await(5, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other run never started");
            }
            return new float[batch.size()][1];
        };
        try (Batcher batcher = new Batcher("t", meeting, settings(2, 1, 4096, 10), BatchObserver.NONE)) {
            CompletableFuture<float[]> a = batcher.submit(text(1, 3));
            CompletableFuture<float[]> b = batcher.submit(text(2, 3));
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void fullQueueFailsFast() throws Exception {
        HeldRunner held = new HeldRunner();
        // capacity counts texts accepted and not yet answered: the running one too
        try (Batcher batcher = new Batcher("t", held, settings(1, 4096, 3), BatchObserver.NONE)) {
            batcher.submit(text(1, 3));
            held.started.await(); // the worker holds the first text
            CompletableFuture<float[]> second = batcher.submit(text(2, 3));
            CompletableFuture<float[]> third = batcher.submit(text(3, 3));
            assertThrows(QueueFullException.class, () -> batcher.submit(text(4, 3)));
            held.release.countDown();
            second.get(5, TimeUnit.SECONDS);
            third.get(5, TimeUnit.SECONDS);
        }
        assertEquals(List.of(1L, 2L, 3L), held.runs.stream().flatMap(List::stream).toList(),
                "the rejected text never ran: " + held.runs);
    }

    @Test
    void aRequestIsAdmittedWholeOrNotAtAll() throws Exception {
        HeldRunner held = new HeldRunner();
        try (Batcher batcher = new Batcher("t", held, settings(1, 4096, 4), BatchObserver.NONE)) {
            batcher.submit(text(1, 3));
            held.started.await();
            assertThrows(QueueFullException.class, () -> batcher.submitAll(List.of(text(2, 3), text(3, 3), text(4, 3),
                    text(5, 3))), "four more do not fit beside the running one");
            assertEquals(0, batcher.queued(), "none of the refused request's texts was queued");
            List<CompletableFuture<float[]>> three = batcher.submitAll(List.of(text(6, 3), text(7, 3), text(8, 3)));
            held.release.countDown();
            for (CompletableFuture<float[]> f : three) {
                f.get(5, TimeUnit.SECONDS);
            }
            // answered texts give their room back
            assertEquals(4, batcher.submitAll(List.of(text(9, 3), text(10, 3), text(11, 3), text(12, 3))).size());
        }
        assertTrue(held.runs.stream().flatMap(List::stream).noneMatch(id -> id >= 2 && id <= 5), "runs: " + held.runs);
    }

    @Test
    void cancelledTextsAreDroppedBeforeInference() throws Exception {
        HeldRunner held = new HeldRunner();
        try (Batcher batcher = new Batcher("t", held, settings(1, 4096, 10), BatchObserver.NONE)) {
            CompletableFuture<float[]> running = batcher.submit(text(1, 3));
            held.started.await();
            CompletableFuture<float[]> withdrawn = batcher.submit(text(2, 3));
            CompletableFuture<float[]> kept = batcher.submit(text(3, 3));
            withdrawn.cancel(true);
            held.release.countDown();
            kept.get(5, TimeUnit.SECONDS);
            running.get(5, TimeUnit.SECONDS);
        }
        assertEquals(List.of(1L, 3L), held.runs.stream().flatMap(List::stream).toList());
    }

    @Test
    void aRequestWaitsForRoomUpToItsAdmissionWait() throws Exception {
        HeldRunner held = new HeldRunner();
        try (Batcher batcher = new Batcher("t", held, settings(1, 4096, 2), BatchObserver.NONE)) {
            CompletableFuture<float[]> first = batcher.submit(text(1, 3));
            held.started.await();
            long start = System.nanoTime();
            assertThrows(QueueFullException.class, () -> batcher.reserve(2, Duration.ofMillis(100)));
            assertTrue(System.nanoTime() - start >= 90_000_000L, "refused only after waiting for room");
            assertThrows(QueueFullException.class, () -> batcher.reserve(3, Duration.ofSeconds(10)),
                    "more than the whole queue holds is refused at once");
            CompletableFuture<Batcher.Reservation> waiting = new CompletableFuture<>();
            Thread waiter = new Thread(() -> waiting.complete(batcher.reserve(2, Duration.ofSeconds(10))));
            waiter.start();
            long parkedBy = System.nanoTime() + 5_000_000_000L;
            while (waiter.getState() != Thread.State.TIMED_WAITING && System.nanoTime() < parkedBy) {
                Thread.onSpinWait();
            }
            assertEquals(Thread.State.TIMED_WAITING, waiter.getState(), "parked waiting for room");
            assertTrue(!waiting.isDone(), "waits while the running text holds its room");
            held.release.countDown();
            first.get(5, TimeUnit.SECONDS);
            try (Batcher.Reservation room = waiting.get(5, TimeUnit.SECONDS)) {
                assertEquals(2, room.submit(List.of(text(2, 3), text(3, 3))).size());
            }
        }
    }

    @Test
    void closingStopsTheRunInProgressAndFailsEveryTextLeft() throws Exception {
        HeldRunner held = new HeldRunner();
        CompletableFuture<float[]> running;
        CompletableFuture<float[]> waiting;
        Batcher batcher = new Batcher("t", held, settings(1, 1, 4096, 10), BatchObserver.NONE);
        running = batcher.submit(text(1, 3));
        held.started.await();
        waiting = batcher.submit(text(2, 3));
        batcher.close(); // never released: close must stop the run itself
        assertTrue(running.isCompletedExceptionally() && waiting.isCompletedExceptionally());
        for (CompletableFuture<float[]> text : List.of(running, waiting)) {
            java.util.concurrent.ExecutionException failure = assertThrows(java.util.concurrent.ExecutionException.class,
                    () -> text.get(1, TimeUnit.SECONDS));
            assertTrue(failure.getCause() instanceof ModelClosedException, String.valueOf(failure.getCause()));
        }
        assertThrows(ModelClosedException.class, () -> batcher.submit(text(3, 3)));
        assertEquals(List.of(List.of(1L)), held.runs, "the queued text never ran");
    }
}
