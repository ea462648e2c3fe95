package io.sentio.inference.control;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.EngineSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Coalesces texts submitted concurrently into ONNX Runtime runs.
 * <p>
 * Each of {@code parallelRuns} workers takes whatever is queued; a lone text runs at once, while a batch
 * that is already forming may wait up to {@code maxWait} for more. The texts taken are sorted by length
 * and cut into runs so that short texts are not padded to a long one's length; the worker runs the one
 * holding the longest-waiting text and puts the others back at the head of the queue, where a free
 * worker takes them together with whatever has arrived since. A text whose caller gave up is dropped
 * before it costs inference, and a run whose callers all gave up is terminated.
 */
public final class Batcher implements AutoCloseable {

    /** Runs one padded batch; row i of the answer belongs to text i. */
    @FunctionalInterface
    public interface Runner {
        float[][] run(List<Encoded> batch, OrtSession.RunOptions options) throws Exception;
    }

    private static final Logger LOG = Logger.getLogger(Batcher.class.getName());

    private final Runner runner;
    private final EngineSettings settings;
    private final BatchObserver observer;
    private final BlockingDeque<Job> queue = new LinkedBlockingDeque<>();
    /** Texts accepted and not yet answered, at most the queue capacity: a request is admitted whole or not at all. */
    private final Semaphore room;
    private final List<Thread> workers = new ArrayList<>();
    /** Runs inside ONNX Runtime now; closing terminates them and waits for them to return. */
    private final Set<Run> running = ConcurrentHashMap.newKeySet();
    private volatile boolean open = true;

    public Batcher(String name, Runner runner, EngineSettings settings, BatchObserver observer) {
        this.runner = runner;
        this.settings = settings;
        this.observer = observer;
        this.room = new Semaphore(settings.queueCapacity());
        for (int i = 0; i < settings.parallelRuns(); i++) {
            Thread worker = new Thread(this::work, "sentio-batcher-" + name + "-" + i);
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** Queues one text; fails fast with {@link QueueFullException} when the queue is full. */
    public CompletableFuture<float[]> submit(Encoded text) {
        return submitAll(List.of(text)).get(0);
    }

    /**
     * Queues the texts of one request, all of them or none: fails fast with {@link QueueFullException}, before
     * any is queued, when they do not all fit. Under a flood, whole requests are refused instead of every
     * request being half admitted and withdrawn.
     */
    public List<CompletableFuture<float[]>> submitAll(List<Encoded> texts) {
        try (Reservation reservation = reserve(texts.size(), Duration.ZERO)) {
            return reservation.submit(texts);
        }
    }

    /**
     * Room for {@code texts} texts, taken within {@code wait} or not at all ({@link QueueFullException};
     * {@link ModelClosedException} once closing began): a caller learns that a request will be refused before it
     * spends anything on its texts. Waiting costs no CPU, so a flood that keeps the queue full waits in line instead
     * of spinning through refusals; a small request may take room that frees up while a larger one waits for more.
     */
    public Reservation reserve(int texts, Duration wait) {
        if (!open) {
            throw new ModelClosedException();
        }
        admit(texts, texts, wait);
        if (!open) {
            room.release(texts);
            throw new ModelClosedException();
        }
        return new Reservation(texts);
    }

    /**
     * Takes room for {@code texts} more, waiting up to {@code wait}, for a request that then holds {@code total};
     * throws {@link QueueFullException} when that is more than the queue holds or there is no room by then.
     */
    private void admit(int texts, int total, Duration wait) {
        boolean admitted;
        try {
            admitted = total <= settings.queueCapacity() && (room.tryAcquire(texts)
                    || !wait.isZero() && room.tryAcquire(texts, wait.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            throw new QueueFullException(total, settings.queueCapacity());
        }
    }

    /** Room reserved for one request's texts; closing it gives back whatever was not submitted. */
    public final class Reservation implements AutoCloseable {
        private int held;

        private Reservation(int held) {
            this.held = held;
        }

        /**
         * Reserves room for {@code more} texts besides (a long text's windows beyond the one first reserved for
         * it), waiting up to {@code wait}; throws {@link QueueFullException} when there is none by then.
         */
        public void grow(int more, Duration wait) {
            admit(more, held + more, wait);
            held += more;
        }

        /** Queues the texts the room was reserved for. */
        public List<CompletableFuture<float[]>> submit(List<Encoded> texts) {
            if (texts.size() != held) {
                throw new IllegalArgumentException(texts.size() + " texts for room reserved for " + held);
            }
            held = 0;
            List<CompletableFuture<float[]>> results = new ArrayList<>(texts.size());
            for (Encoded text : texts) {
                Job job = new Job(text);
                job.result.whenComplete((value, failure) -> {
                    room.release();
                    Run run = job.run;
                    if (failure != null && run != null) {
                        run.terminateIfAbandoned();
                    }
                });
                queue.offer(job);
                results.add(job.result);
            }
            if (!open) {
                failQueued(); // closing raced with this: the workers may have drained the queue already
            }
            return results;
        }

        @Override
        public void close() {
            room.release(held);
            held = 0;
        }
    }

    private void failQueued() {
        List<Job> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(job -> job.result.completeExceptionally(new ModelClosedException()));
    }

    /** Texts accepted and not yet answered at most. */
    public int capacity() {
        return settings.queueCapacity();
    }

    /** Texts waiting for a worker. */
    public int queued() {
        return queue.size();
    }

    private void work() {
        List<Job> pending = new ArrayList<>();
        while (open) {
            try {
                List<Job> run = take(pending);
                if (run != null) {
                    execute(run);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "batcher failure", e);
                pending.forEach(job -> job.result.completeExceptionally(e));
            } finally {
                pending.clear();
            }
        }
        failQueued();
    }

    /**
     * Takes what is queued and cuts it into runs; returns the run holding the longest-waiting text (so
     * no text waits forever behind newcomers) and puts the other texts back at the head of the queue for
     * the next free worker. Null when nothing came.
     */
    private List<Job> take(List<Job> pending) throws InterruptedException {
        Job first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
            return null;
        }
        pending.add(first);
        int limit = settings.batching() ? settings.maxBatchSize() : 1;
        queue.drainTo(pending, limit - pending.size());
        // texts put back by another worker are not a batch forming: no waiting for stragglers then
        if (!first.putBack && pending.size() > 1 && pending.size() < limit && !settings.maxWait().isZero()) {
            gather(pending, limit);
        }
        pending.removeIf(job -> job.result.isDone());
        if (pending.isEmpty()) {
            return null;
        }
        Job oldest = pending.get(0);
        for (Job job : pending) {
            if (job.enqueued < oldest.enqueued) {
                oldest = job;
            }
        }
        List<Job> chosen = null;
        for (List<Job> run : group(pending)) {
            if (run.contains(oldest)) {
                chosen = new ArrayList<>(run);
            }
        }
        List<Job> rest = new ArrayList<>(pending);
        rest.removeAll(chosen);
        for (int i = rest.size() - 1; i >= 0; i--) {
            Job job = rest.get(i);
            job.putBack = true;
            queue.offerFirst(job);
        }
        return chosen;
    }

    /** Others are arriving: give stragglers up to maxWait to join. */
    private void gather(List<Job> pending, int limit) throws InterruptedException {
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (pending.size() < limit) {
            long left = deadline - System.nanoTime();
            Job next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
            if (next == null) {
                return;
            }
            pending.add(next);
            queue.drainTo(pending, limit - pending.size());
        }
    }

    private List<List<Job>> group(List<Job> jobs) {
        return group(jobs, job -> job.text.length(), settings.batching() ? settings.maxBatchSize() : 1,
                settings.tokenBudget(), settings.runOverheadTokens());
    }

    /**
     * Cuts items, sorted by length, into runs that minimise padded tokens plus a per-run overhead,
     * within the batch size and token budget.
     */
    static <T> List<List<T>> group(List<T> items, ToIntFunction<T> length, int maxBatch, int tokenBudget,
                                   int runOverhead) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(length));
        int n = sorted.size();
        long[] best = new long[n + 1];
        int[] cut = new int[n + 1];
        for (int end = 1; end <= n; end++) {
            best[end] = Long.MAX_VALUE;
            int width = length.applyAsInt(sorted.get(end - 1));
            for (int start = end - 1; start >= 0 && end - start <= maxBatch; start--) {
                long padded = (long) (end - start) * width;
                if (padded > tokenBudget && end - start > 1) {
                    break;
                }
                long cost = best[start] + runOverhead + padded;
                if (cost < best[end]) {
                    best[end] = cost;
                    cut[end] = start;
                }
            }
        }
        List<List<T>> groups = new ArrayList<>();
        for (int end = n; end > 0; end = cut[end]) {
            groups.add(0, sorted.subList(cut[end], end));
        }
        return groups;
    }

    private void execute(List<Job> group) {
        List<Job> live = new ArrayList<>(group.size());
        for (Job job : group) {
            if (!job.result.isDone()) {
                live.add(job);
            }
        }
        if (live.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        List<Encoded> texts = new ArrayList<>(live.size());
        long realTokens = 0;
        int width = 0;
        for (Job job : live) {
            observer.queued(start - job.enqueued);
            texts.add(job.text);
            realTokens += job.text.length();
            width = Math.max(width, job.text.length());
        }
        try (OrtSession.RunOptions options = new OrtSession.RunOptions()) {
            Run run = new Run(live, options);
            running.add(run);
            try {
                live.forEach(job -> job.run = run);
                run.terminateIfAbandoned();
                if (!open) {
                    run.terminate(); // closing began after this worker took the texts
                }
                float[][] logits = runner.run(texts, options);
                for (int i = 0; i < live.size(); i++) {
                    live.get(i).result.complete(logits[i]);
                }
            } finally {
                run.finish();
                running.remove(run);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Exception failure = open ? e : new ModelClosedException();
            live.forEach(job -> job.result.completeExceptionally(failure));
            if (abandoned(live)) {
                observer.abandoned(live.size());
            }
        } finally {
            observer.ran(live.size(), realTokens, (long) width * live.size(), System.nanoTime() - start);
        }
    }

    private static boolean abandoned(List<Job> jobs) {
        return jobs.stream().allMatch(job -> job.result.isCancelled());
    }

    /**
     * Stops taking texts, terminates the runs in progress (their texts fail with {@link ModelClosedException})
     * and returns once no worker is inside ONNX Runtime any more: only then may the session be closed, or the
     * process exit, without native code running on freed memory.
     */
    @Override
    public void close() {
        open = false;
        running.forEach(Run::terminate);
        workers.forEach(Thread::interrupt);
        boolean interrupted = false;
        for (Thread worker : workers) {
            while (worker.isAlive()) {
                try {
                    worker.join(1_000);
                    running.forEach(Run::terminate); // a run that started while we were terminating the others
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Job {
        final Encoded text;
        final CompletableFuture<float[]> result = new CompletableFuture<>();
        final long enqueued = System.nanoTime();
        volatile Run run;
        /** Taken by a worker and put back for another one. */
        volatile boolean putBack;

        Job(Encoded text) {
            this.text = text;
        }
    }

    /** A run in progress, stopped when every caller in it has given up. */
    private static final class Run {
        final List<Job> jobs;
        final OrtSession.RunOptions options;
        private boolean terminated;

        Run(List<Job> jobs, OrtSession.RunOptions options) {
            this.jobs = jobs;
            this.options = options;
        }

        /** After this the run's options are closed and must not be touched. */
        synchronized void finish() {
            terminated = true;
        }

        synchronized void terminateIfAbandoned() {
            for (Job job : jobs) {
                if (!job.result.isDone()) {
                    return;
                }
            }
            terminate();
        }

        /** Asks ONNX Runtime to stop this run between two nodes; the runner then throws. */
        synchronized void terminate() {
            if (terminated) {
                return;
            }
            try {
                options.setTerminate(true);
                terminated = true;
            } catch (OrtException e) {
                LOG.log(Level.WARNING, "could not terminate an abandoned run", e);
            }
        }
    }
}
