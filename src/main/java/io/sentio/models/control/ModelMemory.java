package io.sentio.models.control;

import io.sentio.inference.control.ModelConfigReader;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.models.entity.ModelFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * How the model registry accounts for memory. A loaded model is charged what loading it added to resident
 * memory (measured, {@link Snapshot#added}), or its estimate where that cannot be measured, plus
 * {@code workBytes} for its runs' working memory; the registry keeps its models' charges within
 * {@code budgetBytes}.
 *
 * @param budgetBytes     what loaded models may hold together; {@link Long#MAX_VALUE}: no budget
 * @param workBytes       what one model's runs hold at most (ONNX Runtime keeps it per session)
 * @param loadEstimate    what loading a folder will add to resident memory, judged before loading it
 * @param settledResident resident memory once earlier unloads are released
 */
public record ModelMemory(long budgetBytes, long workBytes, ToLongFunction<ModelFolder> loadEstimate,
                          Supplier<Snapshot> settledResident) {

    /** No budget and nothing measured. */
    public static final ModelMemory UNLIMITED = new ModelMemory(Long.MAX_VALUE, 0, folder -> 0,
            () -> new Snapshot(0, 0));

    /**
     * What loading a folder will add to resident memory, judged from the files it will load: the ONNX file of
     * the precision that runs and the tokenizer, times 1.5 (loads of the shipped int8 model added 1.0 to 1.2
     * times its file's size; the measured figure replaces the estimate once loaded). A folder
     * whose configuration cannot be read counts with all its files.
     */
    static long fileEstimate(ModelFolder folder, EngineSettings settings) {
        long bytes;
        try {
            String onnx = ModelConfigReader.read(folder.dir()).variant(settings.precision()).file();
            bytes = Files.size(folder.dir().resolve(onnx)) + Files.size(folder.dir().resolve("tokenizer.json"));
        } catch (IOException | RuntimeException e) {
            bytes = folder.sizeBytes();
        }
        return bytes / 2 * 3;
    }

    /**
     * Resident memory of the process and the Java heap's committed size at one moment.
     *
     * @param residentBytes resident memory; 0 where unknown
     * @param heapBytes     the heap's committed size
     */
    public record Snapshot(long residentBytes, long heapBytes) {

        /**
         * What happened in between added to resident memory outside the heap, conservatively: the heap giving
         * memory back (a GC uncommitting) is added back, the heap growing is not taken off (committed heap is not
         * all resident, so taking it off could hide a model's memory). 0 where unknown.
         */
        public static long added(Snapshot before, Snapshot after) {
            if (before.residentBytes <= 0 || after.residentBytes <= 0) {
                return 0;
            }
            return after.residentBytes - before.residentBytes + Math.max(0, before.heapBytes - after.heapBytes);
        }
    }

    public boolean budgeted() {
        return budgetBytes != Long.MAX_VALUE;
    }
}
