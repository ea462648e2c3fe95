package io.sentio.inference.control;

/** Receives the batcher's own measurements; the server turns them into metrics. */
public interface BatchObserver {

    BatchObserver NONE = new BatchObserver() {
    };

    /** Texts were tokenized (by the caller's thread, off the inference thread). */
    default void tokenized(int texts, long nanos) {
    }

    /** A text left the queue for a run after waiting this long. */
    default void queued(long waitNanos) {
    }

    /** One ONNX Runtime run finished (or failed) over {@code texts} texts. */
    default void ran(int texts, long realTokens, long paddedTokens, long inferenceNanos) {
    }

    /** A run was stopped because every caller in it had given up (timed out or cancelled). */
    default void abandoned(int texts) {
    }
}
