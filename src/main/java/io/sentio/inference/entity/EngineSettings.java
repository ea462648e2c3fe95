package io.sentio.inference.entity;

import java.time.Duration;

/**
 * How a model is run: ONNX Runtime threads and the dynamic batcher's limits.
 *
 * @param intraOpThreads     threads one ONNX Runtime run may use
 * @param interOpThreads     threads for running independent graph nodes in parallel (1 = sequential)
 * @param spinning           whether idle ONNX Runtime threads spin; costs CPU that request threads need
 * @param parallelRuns       batches run at the same time, each by its own worker on the shared session
 * @param maxBatchSize       most texts in one ONNX Runtime run
 * @param tokenBudget        most padded tokens (batch size x longest text) in one run
 * @param runOverheadTokens  what one run costs beyond its padded tokens, in tokens; the batcher cuts
 *                           the texts it takes into runs that minimise padded tokens plus this per run
 * @param maxWait            how long a forming batch may wait for more texts while others are queued
 * @param queueCapacity      texts waiting at most; beyond it submissions fail fast
 * @param batching           false runs every text on its own (for comparison)
 * @param maxLength          tokens per text at most; 0 means the model's own limit
 */
public record EngineSettings(int intraOpThreads, int interOpThreads, boolean spinning, int parallelRuns,
                             int maxBatchSize, int tokenBudget, int runOverheadTokens, Duration maxWait,
                             int queueCapacity, boolean batching, int maxLength) {

    /** CPU defaults measured on a 2-core machine: single-threaded runs, one per core. */
    public static EngineSettings cpuDefaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineSettings(1, 1, false, cores, 32, 4096, 8, Duration.ofMillis(2), 1024, true, 0);
    }

    public EngineSettings {
        if (intraOpThreads < 1 || interOpThreads < 1 || parallelRuns < 1 || maxBatchSize < 1 || tokenBudget < 1
                || runOverheadTokens < 0 || queueCapacity < 1) {
            throw new IllegalArgumentException("engine settings out of range: " + this);
        }
    }

}
