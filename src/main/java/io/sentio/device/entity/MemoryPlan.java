package io.sentio.device.entity;

/**
 * What the memory the process may use leaves for models and their runs, and the batch limits derived from it.
 * Every figure is in bytes except token and text counts.
 *
 * @param limitBytes        memory the process may use: the container's limit, else the machine's memory
 * @param limitSource       where {@code limitBytes} comes from
 * @param heapMaxBytes      the JVM's maximum heap, which the process may fill whatever models hold
 * @param reserveBytes      what the JVM and the server hold outside the heap (metaspace, code, thread stacks,
 *                          native libraries), kept free of models
 * @param availableBytes    {@code limit - heap - reserve}, at least 0: what models and their runs may hold
 * @param modelBudgetBytes  what loaded models may hold together, their runs' working memory included;
 *                          {@link Long#MAX_VALUE} when there is no budget
 * @param budgetSource      {@code derived} (from {@code availableBytes}) or the setting that gave it
 * @param runBytesPerToken  working memory of one padded token in one run (measured on the shipped model)
 * @param tokenBudget       padded tokens per run the budget allows (at most the device's default)
 * @param queueCapacity     texts the heap can hold queued (at most the device's default)
 * @param workBytesPerModel what one loaded model's runs hold at most: parallel runs x token budget x bytes per
 *                          token, with the token budget that really runs (0 on a GPU, whose runs are in its
 *                          own memory)
 */
public record MemoryPlan(long limitBytes, String limitSource, long heapMaxBytes, long reserveBytes,
                         long availableBytes, long modelBudgetBytes, String budgetSource, long runBytesPerToken,
                         int tokenBudget, int queueCapacity, long workBytesPerModel) {

    /** The same plan with the working memory of runs as the engine really runs them. */
    public MemoryPlan withWork(long workBytes) {
        return new MemoryPlan(limitBytes, limitSource, heapMaxBytes, reserveBytes, availableBytes, modelBudgetBytes,
                budgetSource, runBytesPerToken, tokenBudget, queueCapacity, workBytes);
    }
}
