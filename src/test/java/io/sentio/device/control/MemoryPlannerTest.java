package io.sentio.device.control;

import io.sentio.device.entity.Device;
import io.sentio.device.entity.MemoryPlan;
import io.sentio.inference.entity.EngineSettings;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory derivation with the README's worked example and its edges. */
class MemoryPlannerTest {

    static final long MB = 1L << 20;
    static final int BODY = 1_048_576;
    static final int TEXTS = 128;

    /** CPU defaults of a 2-core machine. */
    static EngineSettings cpu(int parallelRuns) {
        return Device.cpu("test").defaults().with(new EngineSettings.Overrides(null, null, null, parallelRuns, null,
                null, null, null, null, null, null, null));
    }

    static MemoryPlan plan(long limitMb, long heapMb, EngineSettings settings, Long budgetMb) {
        return MemoryPlanner.plan(new MemoryPlanner.Machine(limitMb * MB, "test", heapMb * MB), settings, false,
                budgetMb, BODY, TEXTS);
    }

    @Test
    void twoGibibytesWithHalfForTheHeapKeepTheDeviceDefaultsAndBudget704Megabytes() {
        MemoryPlan plan = plan(2048, 1024, cpu(2), null);
        assertEquals(704 * MB, plan.availableBytes());
        assertEquals(704 * MB, plan.modelBudgetBytes());
        assertEquals("derived", plan.budgetSource());
        assertEquals(4096, plan.tokenBudget()); // 352 MB / (2 x 32 KB) = 5,632 tokens, capped at the default
        assertEquals(1024, plan.queueCapacity()); // 128 MB / 36 KB per text = 3,640, capped at the default
        assertEquals(256 * MB, plan.workBytesPerModel());
    }

    @Test
    void oneGibibyteHalvesTheTokenBudgetAndASmallHeapTheQueue() {
        MemoryPlan plan = plan(1024, 512, cpu(2), null);
        assertEquals(192 * MB, plan.availableBytes());
        assertEquals(1536, plan.tokenBudget()); // 96 MB / 64 KB
        assertEquals(96 * MB, plan.workBytesPerModel());
        MemoryPlan smallHeap = plan(1024, 128, cpu(2), null);
        assertEquals(16 * MB / (4 * 8192 + 16 * 256), smallHeap.queueCapacity()); // 455 texts of 256 tokens
    }

    @Test
    void aHeapThatTakesEverythingLeavesNoBudgetAndRunsOfOneFullLengthText() {
        MemoryPlan plan = plan(1024, 1024, cpu(2), null);
        assertEquals(0, plan.availableBytes());
        assertEquals(0, plan.modelBudgetBytes());
        assertEquals(256, plan.tokenBudget()); // never below one text at the max length (256 on CPUs)
        MemoryPlan tiny = plan(1024, 8, cpu(2), null);
        assertEquals(TEXTS, tiny.queueCapacity()); // never below one request's texts
    }

    @Test
    void aConfiguredBudgetReplacesTheDerivedOneAndZeroMeansNone() {
        assertEquals(300 * MB, plan(2048, 1024, cpu(2), 300L).modelBudgetBytes());
        assertEquals("model.memory.budget.mb", plan(2048, 1024, cpu(2), 300L).budgetSource());
        assertEquals(Long.MAX_VALUE, plan(2048, 1024, cpu(2), 0L).modelBudgetBytes());
    }

    @Test
    void onAGpuTheTokenBudgetIsNotDerivedFromHostMemory() {
        EngineSettings gpu = Device.gpu("test").defaults();
        MemoryPlan plan = MemoryPlanner.plan(new MemoryPlanner.Machine(1024 * MB, "test", 512 * MB), gpu, true, null,
                BODY, TEXTS);
        assertEquals(gpu.tokenBudget(), plan.tokenBudget());
        assertEquals(0, plan.workBytesPerModel());
    }

    @Test
    void theMachineIsReadWithAHeapBelowItsLimit() {
        MemoryPlanner.Machine machine = MemoryPlanner.read();
        assertEquals(Runtime.getRuntime().maxMemory(), machine.heapMaxBytes());
        assertTrue(machine.limitBytes() > machine.heapMaxBytes(), machine.toString());
    }
}
