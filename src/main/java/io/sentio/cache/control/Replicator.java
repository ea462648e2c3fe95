package io.sentio.cache.control;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Copies of the answers this member scores, sent to every other member of the group, and theirs kept here: every
 * member's local store then holds what any member scored, and a repeat is answered without a network call
 * wherever it lands. Answers are gathered for {@link #PERIOD_MILLIS} and sent as one message, so the group's
 * traffic is a few messages a second per member instead of calls per text. The same answers go to the shared
 * store ({@code toStore}), which keeps them for members that join later, gathered for longer
 * ({@link #STORE_AFTER_MILLIS}, or until {@link #STORE_BATCH} entries wait): the shared store writes each of its
 * partitions that a batch touches as one call, and a bigger batch brings more entries to each.
 *
 * <p>A message: a version byte, the sender's id (its own messages come back to it and are skipped), the number
 * of entries, then each entry's key (ASCII, length first) and value (length first).
 */
final class Replicator implements AutoCloseable {

    static final long PERIOD_MILLIS = 50;
    /** Entries in one message at most. */
    static final int MAX_BATCH = 512;
    /** How long sent answers wait at most before they go to the shared store. */
    static final long STORE_AFTER_MILLIS = 2000;
    /** Entries waiting for the shared store from which they are written without waiting longer. */
    static final int STORE_BATCH = 4096;
    private static final byte VERSION = 1;

    private final Broadcast broadcast;
    private final Consumer<Map<String, byte[]>> toStore;
    private final Consumer<Map<String, byte[]>> received;
    private final ResultCache.Events events;
    private final long sender = new SecureRandom().nextLong();
    private final BlockingQueue<Map.Entry<String, byte[]>> pending;
    private final LongSupplier clock;
    private final long storeAfterNanos;
    /** Answers sent and not yet given to the shared store, and since when the first of them waits. */
    private Map<String, byte[]> toKeep = new LinkedHashMap<>();
    private long keepingSince;
    private ScheduledExecutorService sending;

    /**
     * @param toStore  each batch sent, also for the shared store (not waited for there)
     * @param received the entries of another member's message
     * @param capacity entries waiting to be sent at most; beyond, answers stay local (a shared failure)
     */
    Replicator(Broadcast broadcast, Consumer<Map<String, byte[]>> toStore, Consumer<Map<String, byte[]>> received,
               ResultCache.Events events, int capacity) {
        this(broadcast, toStore, received, events, capacity, System::nanoTime,
                TimeUnit.MILLISECONDS.toNanos(STORE_AFTER_MILLIS));
    }

    /** As above, with the clock ({@link System#nanoTime}) and the wait before the shared store given. */
    Replicator(Broadcast broadcast, Consumer<Map<String, byte[]>> toStore, Consumer<Map<String, byte[]>> received,
               ResultCache.Events events, int capacity, LongSupplier clock, long storeAfterNanos) {
        this.clock = clock;
        this.storeAfterNanos = storeAfterNanos;
        this.broadcast = broadcast;
        this.toStore = toStore;
        this.received = received;
        this.events = events;
        this.pending = new ArrayBlockingQueue<>(capacity);
    }

    /** Subscribes to the others' copies and sends this member's every {@link #PERIOD_MILLIS}. */
    Replicator start() {
        broadcast.subscribe(this::receive);
        sending = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sentio-cache-replicate");
            t.setDaemon(true);
            return t;
        });
        sending.scheduleWithFixedDelay(this::sendQuietly, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Answers this member scored, to send with the next batch. */
    void offer(Map<String, byte[]> entries) {
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!pending.offer(Map.entry(e.getKey(), e.getValue()))) {
                events.sharedFailed(new IllegalStateException("more than " + (pending.size() + pending
                        .remainingCapacity()) + " answers waiting to be sent to the other members"));
                return;
            }
        }
    }

    private void sendQuietly() {
        try {
            send();
        } catch (RuntimeException e) { // the next period tries again: a failure must not end the schedule
            events.sharedFailed(e);
        }
    }

    /**
     * Sends what is waiting, in messages of at most {@link #MAX_BATCH} entries, and gives the shared store what
     * was sent once the first of it has waited {@link #STORE_AFTER_MILLIS} or {@link #STORE_BATCH} are waiting.
     */
    void send() {
        send(false);
    }

    private synchronized void send(boolean last) {
        List<Map.Entry<String, byte[]>> drained = new ArrayList<>();
        while (pending.drainTo(drained, MAX_BATCH) > 0) {
            Map<String, byte[]> batch = new LinkedHashMap<>();
            drained.forEach(e -> batch.put(e.getKey(), e.getValue()));
            drained.clear();
            broadcast.publish(encode(sender, batch));
            if (toKeep.isEmpty()) {
                keepingSince = clock.getAsLong();
            }
            toKeep.putAll(batch);
            if (toKeep.size() >= STORE_BATCH) {
                keep();
            }
        }
        if (!toKeep.isEmpty() && (last || clock.getAsLong() - keepingSince >= storeAfterNanos)) {
            keep();
        }
    }

    private void keep() {
        Map<String, byte[]> batch = toKeep;
        toKeep = new LinkedHashMap<>();
        toStore.accept(batch);
    }

    /** A message from the channel: another member's entries are kept, this member's own skipped. */
    void receive(byte[] message) {
        try {
            decode(message, sender).ifPresent(received);
        } catch (RuntimeException e) { // another version, or garbage: nothing of it is kept
            events.sharedFailed(e);
        }
    }

    static byte[] encode(long sender, Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + entries.size() * 160);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeLong(sender);
            out.writeInt(entries.size());
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                byte[] key = e.getKey().getBytes(StandardCharsets.US_ASCII);
                out.writeShort(key.length);
                out.write(key);
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The entries of a message, or empty when {@code self} sent it. */
    static Optional<Map<String, byte[]>> decode(byte[] message, long self) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(message))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("a replication message of version " + version + ", not "
                        + VERSION);
            }
            if (in.readLong() == self) {
                return Optional.empty();
            }
            int count = in.readInt();
            if (count < 0 || count > MAX_BATCH) {
                throw new IllegalArgumentException("a replication message of " + count + " entries");
            }
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                int keyLength = in.readUnsignedShort();
                byte[] key = in.readNBytes(keyLength);
                if (key.length != keyLength) {
                    throw new IllegalArgumentException("a replication message cut short");
                }
                int length = in.readInt();
                if (length < 0 || length > in.available()) {
                    throw new IllegalArgumentException("a replication message cut short");
                }
                entries.put(new String(key, StandardCharsets.US_ASCII), in.readNBytes(length));
            }
            return Optional.of(entries);
        } catch (IOException e) { // EOF: cut short
            throw new IllegalArgumentException("a replication message cut short", e);
        }
    }

    /** Sends what is waiting, then stops sending and ends the subscription. */
    @Override
    public void close() {
        try {
            if (sending != null) {
                sending.shutdown(); // no more periodic sends; one under way ends before the last one below
                sending.awaitTermination(1, TimeUnit.SECONDS);
            }
            send(true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            events.sharedFailed(e);
        } finally {
            broadcast.close();
        }
    }
}
