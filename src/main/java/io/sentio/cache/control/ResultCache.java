package io.sentio.cache.control;

import io.sentio.inference.entity.LongText;
import io.sentio.inference.entity.Prediction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Remembered answers: a local store in this process, in front of an optional shared one (the server's JCache, or
 * Redis). A lookup asks the local store, then the shared one for what is still missing, within a time bound; a
 * shared store that fails or is slow makes misses, never errors. Scored answers go to both, the shared one off the
 * caller's thread. Only successful predictions ever reach it: the caller remembers what the model answered.
 */
public final class ResultCache implements AutoCloseable {

    /** What a cache tells whoever counts (metrics, statistics). */
    public interface Events {
        void looked(int texts, int localHits, int sharedHits);

        void evicted();

        void sharedFailed(Exception e);

        /** Answers another member scored, received as copies ({@link #replicate}). */
        default void copied(int entries) {
        }
    }

    private final LocalStore local;
    private final ResultStore shared;
    private final ExecutorService sharedCalls;
    private final long sharedTimeoutNanos;
    private final Events events;
    /** Copies of answers between members, where they keep them ({@link #replicate}); else null. */
    private Replicator replicator;
    private SharedAsks asks;

    /**
     * @param shared        the store shared with other processes, or empty
     * @param sharedCalls   runs the shared store's calls (its gets are waited for at most {@code sharedTimeout} ns)
     */
    ResultCache(LocalStore local, Optional<ResultStore> shared, ExecutorService sharedCalls, long sharedTimeoutNanos,
                Events events) {
        this.local = local;
        this.shared = shared.orElse(null);
        this.sharedCalls = sharedCalls;
        this.sharedTimeoutNanos = sharedTimeoutNanos;
        this.events = events;
    }

    /**
     * Every member keeps a copy of what any member scored: this one's answers are sent to the others through
     * {@code broadcast} (and, in the same batches, to the shared store, for members that join later), theirs kept
     * in the local store; a lookup then asks the shared store only while that finds what the copy lacks
     * ({@link SharedAsks}). Call once, before the first lookup.
     *
     * @param capacity answers waiting to be sent at most
     */
    ResultCache replicate(Broadcast broadcast, int capacity) {
        if (shared == null) {
            throw new IllegalStateException("nothing to replicate without a shared store");
        }
        replicator = new Replicator(broadcast, this::store, copies -> {
            local.putOthers(copies);
            events.copied(copies.size());
        }, events, capacity).start();
        asks = new SharedAsks();
        return this;
    }

    /**
     * The key of one text: a digest of the model's fingerprint (files and max length), the long-text policy and
     * the text itself, exactly as sent (whatever the tokenizer would normalise, a different text is another key).
     */
    public static String key(String modelFingerprint, LongText.Policy policy, String text) {
        MessageDigest sha = sha256();
        sha.update(modelFingerprint.getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        sha.update(policy.wire().getBytes(StandardCharsets.US_ASCII));
        sha.update((byte) 0);
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha.digest());
    }

    /** The texts with their keys and nothing found: the model scores them all, and they are remembered. */
    public Lookup refresh(String modelFingerprint, LongText.Policy policy, List<String> texts) {
        String[] keys = keys(modelFingerprint, policy, texts);
        return new Lookup(texts, keys, new Prediction[keys.length], true);
    }

    private static String[] keys(String modelFingerprint, LongText.Policy policy, List<String> texts) {
        String[] keys = new String[texts.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(modelFingerprint, policy, texts.get(i));
        }
        return keys;
    }

    /** The texts against the cache: local store first, then the shared one for the rest. */
    public Lookup lookup(String modelFingerprint, LongText.Policy policy, List<String> texts) {
        String[] keys = keys(modelFingerprint, policy, texts);
        Set<String> wanted = new LinkedHashSet<>(List.of(keys));
        Set<String> fromOthers = new HashSet<>();
        Map<String, byte[]> values = local.getAll(wanted, fromOthers); // a new map: the shared store's finds join it
        // another member's answers, asked for here for the first time, count as shared hits
        int localHits = count(keys, values.keySet()) - count(keys, fromOthers);
        wanted.removeAll(values.keySet());
        if (sharing() && !wanted.isEmpty() && (asks == null || asks.ask())) {
            Map<String, byte[]> remote = sharedGet(wanted);
            if (asks != null) {
                asks.answered(wanted.size(), remote.size());
            }
            if (!remote.isEmpty()) {
                local.putAll(remote); // the next repeat is answered here, without a network call
                values.putAll(remote);
            }
        }
        Prediction[] found = new Prediction[keys.length];
        for (int i = 0; i < keys.length; i++) {
            byte[] value = values.get(keys[i]);
            found[i] = value == null ? null : ResultCodec.decode(value);
        }
        Lookup lookup = new Lookup(texts, keys, found, true);
        // a value that does not decode is a miss: the counts follow what is answered
        int hits = lookup.hits();
        events.looked(texts.size(), Math.min(localHits, hits), Math.max(0, hits - localHits));
        return lookup;
    }

    /** Keeps {@code scored}, the model's predictions for {@link Lookup#missing}, in both stores. */
    public void remember(Lookup lookup, List<Prediction> scored) {
        Map<String, Prediction> byKey = lookup.byKey(scored);
        if (byKey.isEmpty()) {
            return;
        }
        Map<String, byte[]> values = new HashMap<>();
        byKey.forEach((key, p) -> values.put(key, ResultCodec.encode(p)));
        local.putAll(values);
        if (sharing() && replicator != null) {
            replicator.offer(values);
        } else if (sharing()) {
            store(values);
        }
    }

    /** Puts {@code values} in the shared store, off the caller's thread. */
    private void store(Map<String, byte[]> values) {
        try {
            sharedCalls.execute(() -> {
                try {
                    shared.putAll(values);
                } catch (RuntimeException e) {
                    events.sharedFailed(e);
                }
            });
        } catch (RejectedExecutionException e) { // the shared store is behind: this answer stays local
            events.sharedFailed(e);
        }
    }

    private Map<String, byte[]> sharedGet(Set<String> keys) {
        Future<Map<String, byte[]>> call;
        try {
            call = sharedCalls.submit(() -> shared.getAll(keys));
        } catch (RejectedExecutionException e) {
            events.sharedFailed(e);
            return Map.of();
        }
        try {
            return call.get(sharedTimeoutNanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            events.sharedFailed(e);
        } catch (InterruptedException e) {
            call.cancel(true);
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            events.sharedFailed(e.getCause() instanceof Exception cause ? cause : e);
        }
        return Map.of();
    }

    private static int count(String[] keys, Set<String> found) {
        int n = 0;
        for (String key : keys) {
            if (found.contains(key)) {
                n++;
            }
        }
        return n;
    }

    private boolean sharing() {
        return shared != null && shared.active();
    }

    /**
     * Where entries are kept now: {@code local}, or {@code local + } the shared store's kind (not while that is
     * shared with nobody), and whether every member keeps a copy.
     */
    public String kind() {
        return !sharing() ? local.kind()
                : local.kind() + " + " + shared.kind() + (replicator == null ? "" : ", copies on every member");
    }

    /** Entries in the local store now. */
    public long entries() {
        return local.entries();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Sends the copies still waiting, then closes both stores; the shared calls' threads belong to the caller. */
    @Override
    public void close() {
        if (replicator != null) {
            replicator.close();
        }
        local.close();
        if (shared != null) {
            shared.close();
        }
    }
}
