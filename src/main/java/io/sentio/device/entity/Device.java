package io.sentio.device.entity;

/**
 * Where models run, and the settings that suit it unless configuration says otherwise.
 *
 * @param kind           {@code cpu} or {@code gpu}
 * @param reason         how the choice was made
 * @param batchSize      default texts per run
 * @param maxLength      default tokens per text at most (0 = the model's own limit)
 * @param precision      default ONNX variant
 * @param intraOpThreads default ONNX Runtime threads per run
 * @param parallelRuns   default batches run at the same time
 */
public record Device(String kind, String reason, int batchSize, int maxLength, String precision, int intraOpThreads,
                     int parallelRuns) {

    public boolean gpu() {
        return "gpu".equals(kind);
    }

    /**
     * CPUs: modest batches of short texts in int8, one single-threaded run per core (on 2 cores, two
     * 1-thread runs served 1.2x the texts/s of one 2-thread run: no hand-off between threads per operator).
     */
    public static Device cpu(String reason) {
        return new Device("cpu", reason, 32, 128, "int8", 1, Runtime.getRuntime().availableProcessors());
    }

    /** GPUs: large batches of up to 512 tokens in float16; host threads only feed the device. */
    public static Device gpu(String reason) {
        return new Device("gpu", reason, 128, 512, "float16", 1, 1);
    }
}
