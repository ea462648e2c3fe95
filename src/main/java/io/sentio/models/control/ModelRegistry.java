package io.sentio.models.control;

import io.sentio.inference.control.SentimentModel;
import io.sentio.models.entity.CacheStats;
import io.sentio.models.entity.LoadedModelInfo;
import io.sentio.models.entity.ModelFolder;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Loads models on demand and keeps at most {@code capacity} of them within a memory budget
 * ({@link ModelMemory}), evicting the least recently used.
 * <p>
 * Requests hold a {@link Lease} while they use a model; an evicted model is closed only when its last
 * lease is returned, so no request ever loses its model mid-flight. Concurrent first requests for one
 * model wait for a single load. A model that failed to load answers with the failure until
 * {@code retryAfter} has passed, then is tried again.
 * <p>
 * Memory: before a load, models are evicted until the new one's estimate fits beside the others' charges; a
 * model whose estimate alone exceeds the budget is refused (507). Loads run one at a time, so that each can
 * be measured: the resident memory it added becomes its charge, and if that is more
 * than estimated, more models are evicted. An evicted model still in use keeps its memory until its last
 * request ends.
 */
public final class ModelRegistry implements AutoCloseable {

    /** Closes a model that left the cache; {@code close} releases its native memory. */
    @FunctionalInterface
    public interface Unloader {
        void unload(String name, Runnable close);
    }

    /** Opens a model folder. */
    @FunctionalInterface
    public interface Loader {
        SentimentModel load(ModelFolder folder) throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class.getName());

    private final Supplier<Map<String, ModelFolder>> catalog;
    private final Loader loader;
    private final int capacity;
    private final Duration retryAfter;
    private final Unloader unloader;
    private final ModelMemory memory;
    /** Held by the one load running: loads run one at a time, so each one's resident memory can be measured. */
    private final ReentrantLock loading = new ReentrantLock();
    private final LinkedHashMap<String, Slot> slots = new LinkedHashMap<>(16, 0.75f, true);
    private long hits;
    private long misses;
    private long evictions;
    /** Leases out now, over every model (evicted ones still in use included). */
    private int leased;
    /** Why no new lease is given (the server is stopping); null while serving. */
    private String refusing;

    public ModelRegistry(Supplier<Map<String, ModelFolder>> catalog, Loader loader, int capacity,
                         Duration retryAfter, Unloader unloader) {
        this(catalog, loader, capacity, retryAfter, unloader, ModelMemory.UNLIMITED);
    }

    public ModelRegistry(Supplier<Map<String, ModelFolder>> catalog, Loader loader, int capacity,
                         Duration retryAfter, Unloader unloader, ModelMemory memory) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the model cache must hold at least one model");
        }
        this.catalog = catalog;
        this.loader = loader;
        this.capacity = capacity;
        this.retryAfter = retryAfter;
        this.unloader = unloader;
        this.memory = memory;
    }

    /** The model, loading it first if needed; close the lease when done with it. */
    public Lease acquire(String name) {
        Slot slot;
        boolean mustLoad = false;
        List<Slot> toClose = new ArrayList<>();
        synchronized (this) {
            if (refusing != null) {
                throw ModelProblems.shuttingDown(refusing);
            }
            slot = slots.get(name);
            if (slot != null && slot.failedRecently(retryAfter)) {
                throw ModelProblems.unavailable(name, slot.failure, retryAfterSeconds());
            }
            if (slot == null || slot.failure != null) {
                ModelFolder folder = catalog.get().get(name);
                if (folder == null) {
                    throw ModelProblems.unknown(name, catalog.get().keySet());
                }
                long estimate = memory.loadEstimate().applyAsLong(folder);
                if (memory.budgeted() && estimate + memory.workBytes() > memory.budgetBytes()) {
                    throw ModelProblems.tooLarge(name, estimate + memory.workBytes(), memory.budgetBytes());
                }
                slot = new Slot(folder, estimate, memory.workBytes());
                slots.put(name, slot);
                misses++;
                mustLoad = true;
                toClose.addAll(evictToFit(slot));
            } else {
                hits++;
            }
            lend(slot);
        }
        closeAll(toClose);
        if (mustLoad) {
            load(slot);
        }
        try {
            return new Lease(slot, slot.model.join());
        } catch (CompletionException e) {
            release(slot);
            throw ModelProblems.unavailable(name, e.getCause(), retryAfterSeconds());
        }
    }

    /**
     * The model if it is loaded now, without loading it or waiting for a load under way: empty then, and while the
     * registry refuses new work or the model failed ({@link #acquire} says why); close the lease when done with it.
     */
    public Optional<Lease> acquireLoaded(String name) {
        Slot slot;
        synchronized (this) {
            slot = slots.get(name);
            if (refusing != null || slot == null || slot.failure != null || !slot.model.isDone()
                    || slot.model.isCompletedExceptionally()) {
                return Optional.empty();
            }
            hits++;
            lend(slot);
        }
        return Optional.of(new Lease(slot, slot.model.join()));
    }

    /** Counts one more lease of {@code slot}; under the registry's lock. */
    private void lend(Slot slot) {
        slot.refs++;
        leased++;
        slot.lastUsed = Instant.now();
    }

    private void load(Slot slot) {
        loading.lock();
        try {
            ModelMemory.Snapshot before = memory.settledResident().get();
            long start = System.nanoTime();
            SentimentModel model = loader.load(slot.folder);
            slot.loadMillis = (System.nanoTime() - start) / 1_000_000;
            slot.loadedAt = Instant.now();
            long added = ModelMemory.Snapshot.added(before, memory.settledResident().get());
            List<Slot> toClose;
            synchronized (this) {
                if (added > 0) {
                    slot.measuredBytes = added;
                }
                toClose = slots.get(slot.folder.name()) == slot ? evictToFit(slot) : List.of();
            }
            LOG.info(() -> "loaded model " + slot.folder.name() + " in " + slot.loadMillis + " ms, "
                    + (slot.measuredBytes > 0 ? "resident memory +" + (slot.measuredBytes >> 20) + " MB"
                    : "resident memory not measured, estimated " + (slot.estimateBytes >> 20) + " MB"));
            slot.model.complete(model);
            closeAll(toClose);
        } catch (IOException | RuntimeException | LinkageError e) {
            LOG.log(Level.WARNING, "model " + slot.folder.name() + " failed to load", e);
            synchronized (this) {
                slot.failure = e;
                slot.failedAt = Instant.now();
            }
            slot.model.completeExceptionally(e);
        } finally {
            loading.unlock();
        }
    }

    /** Loads (warms) a model without using it. */
    public void warm(String name) {
        acquire(name).close();
    }

    /** Unloads a model now if no request uses it, else as soon as the last one is done. */
    public boolean unload(String name) {
        Slot slot;
        synchronized (this) {
            slot = slots.remove(name);
            if (slot == null) {
                return false;
            }
            slot.evicted = true;
            if (!slot.claimClose()) {
                return true; // closed by its last request
            }
        }
        closeAll(List.of(slot));
        return true;
    }

    /** Evicts least recently used models other than {@code keep} until the count and the charges fit. */
    private List<Slot> evictToFit(Slot keep) {
        List<Slot> closeNow = new ArrayList<>();
        while ((slots.size() > capacity || charged() > memory.budgetBytes()) && slots.size() > 1) {
            String why = slots.size() > capacity ? "the cache holds " + capacity + " models at most"
                    : "the models would be charged " + (charged() >> 20) + " MB, over the memory budget of "
                    + (memory.budgetBytes() >> 20) + " MB";
            Slot victim = null;
            for (Slot s : slots.values()) {
                if (s != keep && (s.failure != null || s.refs == 0)) {
                    victim = s;
                    break;
                }
            }
            if (victim == null) {
                // every other model is in use: evict the least recently used, closed when its requests finish
                victim = slots.values().stream().filter(s -> s != keep).findFirst().orElseThrow();
            }
            slots.remove(victim.folder.name());
            victim.evicted = true;
            if (victim.failure == null) {
                evictions++;
                String evicted = victim.folder.name();
                LOG.info(() -> "evicting least recently used model " + evicted + ": " + why);
            }
            if (victim.claimClose()) {
                closeNow.add(victim);
            }
        }
        return closeNow;
    }

    private void release(Slot slot) {
        boolean close;
        synchronized (this) {
            slot.refs--;
            if (--leased == 0) {
                notifyAll();
            }
            close = slot.evicted && slot.claimClose();
        }
        if (close) {
            closeAll(List.of(slot));
        }
    }

    private void closeAll(List<Slot> closing) {
        for (Slot slot : closing) {
            slot.model.thenAccept(model -> unloader.unload(slot.folder.name(), () -> {
                model.close();
                LOG.info(() -> "unloaded model " + slot.folder.name());
            }));
        }
    }

    /** What the models in the cache are charged together. */
    private long charged() {
        return slots.values().stream().mapToLong(Slot::charge).sum();
    }

    /** What the models in the cache are charged now, loads still running included. */
    public synchronized long chargedBytes() {
        return charged();
    }

    public synchronized CacheStats stats() {
        List<LoadedModelInfo> loaded = new ArrayList<>();
        for (Slot s : slots.values()) {
            if (s.model.isDone() && !s.model.isCompletedExceptionally()) {
                SentimentModel m = s.model.join();
                loaded.add(new LoadedModelInfo(s.folder.name(), s.loadMillis, s.loadedAt, s.lastUsed, s.refs,
                        m.precision(), m.maxLength(), m.executionProvider(), m.queued(), s.charge() >> 20,
                        s.measuredBytes > 0 ? s.measuredBytes >> 20 : null, s.estimateBytes >> 20, s.workBytes >> 20));
            }
        }
        return new CacheStats(capacity, memory.budgeted() ? memory.budgetBytes() >> 20 : null, charged() >> 20, loaded,
                hits, misses, evictions);
    }

    /** The loaded model of that name, without touching its place in the LRU order. */
    public synchronized Optional<LoadedModelInfo> loaded(String name) {
        return stats().loaded().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** Why the model last failed to load, if it did. Reads without touching the LRU order (no {@code get}). */
    public synchronized Optional<Throwable> failure(String name) {
        return slots.values().stream().filter(s -> s.folder.name().equals(name) && s.failure != null)
                .map(s -> s.failure).findFirst();
    }

    /** From now on every acquire is refused with 503 shutting-down, saying {@code why}; leases out stay valid. */
    public synchronized void refuseNew(String why) {
        refusing = why;
    }

    /** Leases out now. */
    public synchronized int leased() {
        return leased;
    }

    /** Waits until no request holds a model, at most {@code limit}; true when none does. */
    public synchronized boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (leased > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    public long retryAfterSeconds() {
        return Math.max(1, retryAfter.toSeconds());
    }

    /**
     * Closes every model that no request uses now; a model in use is closed when its last request ends
     * (closing a session or tokenizer under a running request would crash the JVM in native code).
     */
    @Override
    public void close() {
        List<Slot> idle = new ArrayList<>();
        synchronized (this) {
            for (Slot slot : slots.values()) {
                slot.evicted = true;
                if (slot.claimClose()) {
                    idle.add(slot);
                }
            }
            slots.clear();
        }
        closeAll(idle);
    }

    /** A model in use by one request; closing it returns the model to the registry. */
    public final class Lease implements AutoCloseable {
        private final Slot slot;
        private final SentimentModel model;
        private boolean closed;

        private Lease(Slot slot, SentimentModel model) {
            this.slot = slot;
            this.model = model;
        }

        public SentimentModel model() {
            return model;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                release(slot);
            }
        }
    }

    private static final class Slot {
        final ModelFolder folder;
        final CompletableFuture<SentimentModel> model = new CompletableFuture<>();
        /** What loading was expected to add to resident memory, and what it added (0 until measured). */
        final long estimateBytes;
        long measuredBytes;
        final long workBytes;
        int refs;
        boolean evicted;
        /** Set once, under the registry's lock, by whoever closes the model: it is closed exactly once. */
        boolean closing;
        long loadMillis;
        Instant loadedAt;
        Instant lastUsed;
        Throwable failure;
        Instant failedAt;

        Slot(ModelFolder folder, long estimateBytes, long workBytes) {
            this.folder = folder;
            this.estimateBytes = estimateBytes;
            this.workBytes = workBytes;
        }

        /** What this model counts against the budget: its load, measured or else estimated, and its runs. */
        long charge() {
            return failure != null ? 0 : (measuredBytes > 0 ? measuredBytes : estimateBytes) + workBytes;
        }

        boolean failedRecently(Duration retryAfter) {
            return failure != null && failedAt.plus(retryAfter).isAfter(Instant.now());
        }

        /** True for the one caller that may close this model now: no request uses it and nobody closed it. */
        boolean claimClose() {
            if (refs > 0 || closing) {
                return false;
            }
            closing = true;
            return true;
        }
    }
}
