package io.sentio.models.control;

import io.sentio.models.entity.MemoryCleanup;

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
 * the model, asks for a GC, trims the C heap and records resident memory before and after. After a load it
 * trims the C heap of the load's temporary buffers the same way.
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

    /** Hands what a finished load no longer needs (the parsed file, graph optimization) back to the system. */
    void afterLoad() {
        run(NativeHeap::trim);
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
