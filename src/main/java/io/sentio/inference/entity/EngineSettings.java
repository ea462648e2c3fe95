package io.sentio.inference.entity;

import java.time.Duration;

/**
 * How a model is run: ONNX Runtime threads, the dynamic batcher's limits, the ONNX variant and the device.
 * A device's defaults (the {@code device} component owns them) merged {@link #with(Overrides) with} the
 * configuration's overrides give the settings every caller runs with: the server, the evaluation command
 * and the benchmark alike.
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
 * @param queueCapacity      texts accepted and not yet answered at most (waiting or running); a request whose
 *                           texts do not all fit fails fast, before any of them is queued
 * @param batching           false runs every text on its own (for comparison)
 * @param maxLength          tokens per text at most (never above the model's own limit); 0 = the model's limit
 * @param precision          the ONNX variant wanted ({@code int8}, {@code float16}, {@code float32}); a model
 *                           without it runs its {@code model.onnx}
 * @param cuda               whether sessions run on ONNX Runtime's CUDA provider
 */
public record EngineSettings(int intraOpThreads, int interOpThreads, boolean spinning, int parallelRuns,
                             int maxBatchSize, int tokenBudget, int runOverheadTokens, Duration maxWait,
                             int queueCapacity, boolean batching, int maxLength, String precision, boolean cuda) {

    public EngineSettings {
        check(intraOpThreads >= 1, "intra-op threads", intraOpThreads, "at least 1");
        check(interOpThreads >= 1, "inter-op threads", interOpThreads, "at least 1");
        check(parallelRuns >= 1, "parallel runs", parallelRuns, "at least 1");
        check(maxBatchSize >= 1, "batch size", maxBatchSize, "at least 1");
        check(tokenBudget >= 1, "token budget", tokenBudget, "at least 1");
        check(runOverheadTokens >= 0, "run overhead tokens", runOverheadTokens, "0 or more");
        check(queueCapacity >= 1, "queue capacity", queueCapacity, "at least 1");
        check(maxLength >= 0, "max length", maxLength, "0 (the model's limit) or more");
        check(!maxWait.isNegative(), "max wait", maxWait, "0 or more");
    }

    private static void check(boolean ok, String what, Object value, String allowed) {
        if (!ok) {
            throw new IllegalArgumentException(what + " " + value + " is out of range: " + allowed);
        }
    }

    /**
     * Settings that differ from a device's defaults; a {@code null} field keeps the default.
     */
    public record Overrides(Integer intraOpThreads, Integer interOpThreads, Boolean spinning, Integer parallelRuns,
                            Integer maxBatchSize, Integer tokenBudget, Integer runOverheadTokens, Duration maxWait,
                            Integer queueCapacity, Boolean batching, Integer maxLength, String precision) {

        public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null, null, null, null,
                null, null);
    }

    /** These settings with every field that {@code overrides} sets replaced. */
    public EngineSettings with(Overrides overrides) {
        return new EngineSettings(
                pick(overrides.intraOpThreads(), intraOpThreads),
                pick(overrides.interOpThreads(), interOpThreads),
                pick(overrides.spinning(), spinning),
                pick(overrides.parallelRuns(), parallelRuns),
                pick(overrides.maxBatchSize(), maxBatchSize),
                pick(overrides.tokenBudget(), tokenBudget),
                pick(overrides.runOverheadTokens(), runOverheadTokens),
                pick(overrides.maxWait(), maxWait),
                pick(overrides.queueCapacity(), queueCapacity),
                pick(overrides.batching(), batching),
                pick(overrides.maxLength(), maxLength),
                overrides.precision() == null || overrides.precision().isBlank() ? precision : overrides.precision().trim(),
                cuda);
    }

    private static <T> T pick(T override, T fallback) {
        return override == null ? fallback : override;
    }

    public String executionProvider() {
        return cuda ? "CUDAExecutionProvider" : "CPUExecutionProvider";
    }
}
