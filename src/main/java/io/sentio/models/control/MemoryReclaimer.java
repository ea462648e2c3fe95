package io.sentio.models.control;

import io.sentio.models.entity.MemoryCleanup;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Gives an unloaded model's native memory back to the system on its own thread, never on a request's: closes
 * the model, asks for a GC, trims the C heap and records resident memory before and after. It also tells the
 * registry the resident memory once those releases are done, to measure what a load adds.
 */
final class MemoryReclaimer implements ModelRegistry.Unloader, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(MemoryReclaimer.class.getName());

    private final LongSupplier residentBytes;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "sentio-memory-reclaimer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile MemoryCleanup lastCleanup;

    MemoryReclaimer(LongSupplier residentBytes) {
        this.residentBytes = residentBytes;
    }

    @Override
    public void unload(String name, Runnable close) {
        run(() -> reclaim(name, close));
    }

    /**
     * Resident memory and the heap's committed size once every release asked for so far is done and the C heap
     * is trimmed (which also hands back what a finished load no longer needs: the parsed file, graph
     * optimization).
     */
    ModelMemory.Snapshot settledResident() {
        try {
            worker.submit(() -> { }).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | RejectedExecutionException e) {
            LOG.fine(() -> "measuring without waiting for releases: " + e);
        }
        NativeHeap.trim();
        return new ModelMemory.Snapshot(Math.max(0, residentBytes.getAsLong()),
                ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted());
    }

    private void run(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException closed) {
            task.run(); // shutting down: the caller's thread does it
        }
    }

    private void reclaim(String name, Runnable close) {
        try {
            long before = residentBytes.getAsLong();
            long start = System.nanoTime();
            close.run();
            System.gc();
            boolean trimmed = NativeHeap.trim();
            long millis = (System.nanoTime() - start) / 1_000_000;
            long after = residentBytes.getAsLong();
            lastCleanup = new MemoryCleanup(name, Instant.now(), before >> 20, after >> 20, trimmed, millis);
            LOG.info(() -> "released model " + name + " in " + millis + " ms: resident memory " + (before >> 20)
                    + " MB -> " + (after >> 20) + " MB");
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "releasing model " + name + " failed", e);
        }
    }

    Optional<MemoryCleanup> lastCleanup() {
        return Optional.ofNullable(lastCleanup);
    }

    /** Finishes every cleanup already asked for, then stops; later ones run on the caller's thread. */
    @Override
    public void close() {
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                LOG.warning("memory cleanups still running after 30 s at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
