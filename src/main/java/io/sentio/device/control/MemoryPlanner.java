package io.sentio.device.control;

import io.sentio.device.entity.MemoryPlan;
import io.sentio.inference.entity.EngineSettings;
import oshi.SystemInfo;

import java.lang.management.ManagementFactory;

/**
 * Derives the memory budget of models and the batch limits from the memory the process may use. The
 * derivation, with the README's worked example:
 * <pre>
 *   available    = limit - max heap - reserve                   (2,048 - 1,024 - 320 = 704 MB)
 *   model budget = available, unless MODEL_MEMORY_BUDGET_MB says otherwise
 *   token budget = (available / 2) / (parallel runs x 32 KB), between the max length and the device's default
 *                                                             (352 MB / 64 KB = 5,632 -> 4,096)
 *   queue        = (max heap / 8) / (4 x body limit / texts limit + 16 x max length),
 *                  between the texts limit and the device's default
 * </pre>
 * One model's runs may thus take at most half of what is available, so a model and its runs never crowd out
 * every other model. The reserve and the bytes per token were measured on this project's machine with the
 * shipped model (README, Memory budget); on a GPU the runs live in the device's memory and the token budget is not
 * derived from the host's.
 */
public final class MemoryPlanner {

    /** Resident memory of an idle server outside its heap and models, measured 280 MB, with a margin. */
    static final long RESERVE_BYTES = 320L << 20;
    /** Working memory of one padded token in one run: two runs of 4,096 padded tokens grew a model by 260 MB. */
    static final long RUN_BYTES_PER_TOKEN = 32L << 10;
    /** Tokens per text assumed where the max length is the model's own (0). */
    static final int MODEL_LIMIT_TOKENS = 512;

    private MemoryPlanner() {
    }

    /** The memory the process may use and where that figure comes from, and its maximum heap. */
    public record Machine(long limitBytes, String limitSource, long heapMaxBytes) {
    }

    /** Reads the container's limit (the JVM's container support) or the machine's memory, and the heap's maximum. */
    public static Machine read() {
        long machine = new SystemInfo().getHardware().getMemory().getTotal();
        long visible = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize();
        long heap = Runtime.getRuntime().maxMemory();
        if (visible > 0 && visible < machine) {
            return new Machine(visible, "container memory limit (cgroup)", heap);
        }
        return new Machine(machine, "machine memory", heap);
    }

    /**
     * The plan for {@code configured} (the device's defaults with the configuration's overrides), whose token
     * budget and queue capacity are the ceilings. {@code budgetMb}: the configured model budget in MB, 0 for
     * none, {@code null} to derive it.
     */
    public static MemoryPlan plan(Machine machine, EngineSettings configured, boolean gpu, Long budgetMb,
                                  int maxBodyBytes, int maxTexts) {
        long available = Math.max(0, machine.limitBytes() - machine.heapMaxBytes() - RESERVE_BYTES);
        int maxLength = configured.maxLength() == 0 ? MODEL_LIMIT_TOKENS : configured.maxLength();

        int tokenBudget = configured.tokenBudget();
        if (!gpu) {
            long fits = available / 2 / ((long) configured.parallelRuns() * RUN_BYTES_PER_TOKEN);
            tokenBudget = (int) Math.max(Math.min(maxLength, configured.tokenBudget()), Math.min(fits, tokenBudget));
        }

        long perText = 4L * ceilDiv(maxBodyBytes, maxTexts) + 16L * maxLength;
        long queueFits = machine.heapMaxBytes() / 8 / perText;
        int queue = (int) Math.max(Math.min(maxTexts, configured.queueCapacity()),
                Math.min(queueFits, configured.queueCapacity()));

        long budget;
        String source;
        if (budgetMb == null) {
            budget = available;
            source = "derived";
        } else if (budgetMb == 0) {
            budget = Long.MAX_VALUE;
            source = "model.memory.budget.mb=0 (no budget)";
        } else {
            budget = budgetMb << 20;
            source = "model.memory.budget.mb";
        }
        return new MemoryPlan(machine.limitBytes(), machine.limitSource(), machine.heapMaxBytes(), RESERVE_BYTES,
                available, budget, source, RUN_BYTES_PER_TOKEN, tokenBudget, queue,
                work(gpu, configured.parallelRuns(), tokenBudget));
    }

    /** What one model's runs hold at most with these settings. */
    public static long work(boolean gpu, int parallelRuns, int tokenBudget) {
        return gpu ? 0 : (long) parallelRuns * tokenBudget * RUN_BYTES_PER_TOKEN;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
