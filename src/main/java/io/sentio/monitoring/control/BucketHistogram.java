package io.sentio.monitoring.control;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram: counts of observations per fixed upper bound, their sum and their count. Unlike a
 * summary's quantiles, bucket counts of several replicas add up, so {@code histogram_quantile(0.99, sum by (le)
 * (rate(..._bucket[1m])))} gives one quantile for the whole cluster, provided every replica uses the same bounds:
 * they are constants of the code. Values are in the family's base unit (seconds, texts). Thread-safe; an
 * observation costs a binary search and two adder increments.
 */
public final class BucketHistogram {

    /** Request and queue latencies: a few milliseconds quiet, hundreds under load, the 30 s timeout. */
    public static final double[] REQUEST_SECONDS = {0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
    /** One ONNX Runtime run over a batch: a few milliseconds for one short text, seconds for a full batch. */
    public static final double[] RUN_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Tokenizing one request's texts: tens of microseconds for a sentence, milliseconds for many or long texts. */
    public static final double[] TOKENIZE_SECONDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
            0.025, 0.05, 0.1, 0.25};
    /** Texts in one run: powers of two up to the largest batch a device runs. */
    public static final double[] BATCH_TEXTS = {1, 2, 4, 8, 16, 32, 64, 128, 256};

    private final String name;
    private final String help;
    private final double[] bounds;
    /** One count per bound (observations at most that bound and above the one before), then one above the last. */
    private final LongAdder[] counts;
    private final DoubleAdder sum = new DoubleAdder();

    /** {@code name} with its unit ({@code sentio_request_duration_seconds}); bounds ascending. */
    public BucketHistogram(String name, String help, double[] bounds) {
        for (int i = 1; i < bounds.length; i++) {
            if (!(bounds[i] > bounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must ascend: " + Arrays.toString(bounds));
            }
        }
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        this.counts = new LongAdder[bounds.length + 1];
        Arrays.setAll(counts, i -> new LongAdder());
    }

    public void observe(double value) {
        int at = Arrays.binarySearch(bounds, value);
        // a value equal to a bound counts in that bound's bucket (le: less than or equal)
        counts[at >= 0 ? at : -at - 1].increment();
        sum.add(value);
    }

    /**
     * The counts now, cumulative per bound as Prometheus wants them; the count is the last cumulative value, so
     * they agree even while observations come in (the sum may include an observation they do not yet count).
     */
    public Snapshot snapshot() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i].sum();
            cumulative[i] = running;
        }
        return new Snapshot(name, help, bounds.clone(), cumulative, sum.sum());
    }

    /** Bounds and cumulative counts; {@code cumulative} has one more entry than {@code bounds}: +Inf, the count. */
    public record Snapshot(String name, String help, double[] bounds, long[] cumulative, double sum) {
        public long count() {
            return cumulative[cumulative.length - 1];
        }
    }
}
