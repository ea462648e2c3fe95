package io.sentio.models.control;

import io.sentio.models.entity.ModelFolder;

import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;

/**
 * How the model registry accounts for memory. A loaded model is charged what loading it added to resident
 * memory outside the Java heap (measured), or its estimate where that cannot be measured, plus
 * {@code workBytes} for its runs' working memory; the registry keeps its models' charges within
 * {@code budgetBytes}.
 *
 * @param budgetBytes     what loaded models may hold together; {@link Long#MAX_VALUE}: no budget
 * @param workBytes       what one model's runs hold at most (ONNX Runtime keeps it per session)
 * @param loadEstimate    what loading a folder will add to resident memory, judged before loading it
 * @param settledResident resident memory outside the Java heap once earlier unloads are released; 0: unknown
 */
public record ModelMemory(long budgetBytes, long workBytes, ToLongFunction<ModelFolder> loadEstimate,
                          LongSupplier settledResident) {

    /** No budget and nothing measured. */
    public static final ModelMemory UNLIMITED = new ModelMemory(Long.MAX_VALUE, 0, folder -> 0, () -> 0);

    public boolean budgeted() {
        return budgetBytes != Long.MAX_VALUE;
    }
}
