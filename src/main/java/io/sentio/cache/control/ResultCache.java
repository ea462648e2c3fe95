package io.sentio.cache.control;

import io.sentio.inference.entity.LongText;
import io.sentio.inference.entity.Prediction;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
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
    }

    private final LocalStore local;
    private final ResultStore shared;
    private final ExecutorService sharedCalls;
    private final long sharedTimeoutNanos;
    private final Events events;

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
        Map<String, byte[]> values = new HashMap<>(local.getAll(wanted));
        int localHits = count(keys, values);
        wanted.removeAll(values.keySet());
        int sharedHits = 0;
        if (sharing() && !wanted.isEmpty()) {
            Map<String, byte[]> remote = sharedGet(wanted);
            if (!remote.isEmpty()) {
                local.putAll(remote); // the next repeat is answered here, without a network call
                values.putAll(remote);
                sharedHits = count(keys, remote);
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
        if (sharing()) {
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

    private static int count(String[] keys, Map<String, byte[]> values) {
        int n = 0;
        for (String key : keys) {
            if (values.containsKey(key)) {
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
     * shared with nobody).
     */
    public String kind() {
        return sharing() ? local.kind() + " + " + shared.kind() : local.kind();
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

    /** Closes both stores; the shared calls' threads belong to the caller. */
    @Override
    public void close() {
        local.close();
        if (shared != null) {
            shared.close();
        }
    }
}
