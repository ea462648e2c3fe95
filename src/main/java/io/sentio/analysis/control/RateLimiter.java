package io.sentio.analysis.control;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per client, counted in texts: {@code burst} texts at once, refilled at {@code rate} texts a
 * second. Thread-safe; a bucket that has refilled to the full is forgotten, so memory follows the clients that
 * are active now, not every client ever seen.
 */
public final class RateLimiter {

    /** What a client may still send: texts left now, and seconds until it could send {@code wanted} texts. */
    public record Decision(boolean admitted, long remaining, long secondsToRefill) {
    }

    static final int FORGET_ABOVE = 10_000;

    private final double rate;
    private final long burst;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double textsPerSecond, long burst) {
        if (textsPerSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("rate " + textsPerSecond + " and burst " + burst + " must be positive");
        }
        this.rate = textsPerSecond;
        this.burst = burst;
    }

    public double rate() {
        return rate;
    }

    public long burst() {
        return burst;
    }

    /** Takes {@code texts} from the client's bucket if they are all there; otherwise takes nothing. */
    public Decision take(String client, int texts, long nowNanos) {
        if (buckets.size() > FORGET_ABOVE) {
            buckets.values().removeIf(bucket -> bucket.fullAt(nowNanos));
        }
        Bucket bucket = buckets.computeIfAbsent(client, c -> new Bucket(burst, nowNanos));
        synchronized (bucket) {
            bucket.refill(nowNanos);
            if (bucket.tokens >= texts) {
                bucket.tokens -= texts;
                return new Decision(true, (long) Math.floor(bucket.tokens), seconds((burst - bucket.tokens) / rate));
            }
            return new Decision(false, (long) Math.floor(bucket.tokens), seconds((texts - bucket.tokens) / rate));
        }
    }

    private static long seconds(double value) {
        return Math.max(1, (long) Math.ceil(value));
    }

    private final class Bucket {
        double tokens;
        long updated;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updated = now;
        }

        void refill(long now) {
            tokens = Math.min(burst, tokens + (now - updated) / 1e9 * rate);
            updated = now;
        }

        synchronized boolean fullAt(long now) {
            return tokens + (now - updated) / 1e9 * rate >= burst;
        }
    }
}
