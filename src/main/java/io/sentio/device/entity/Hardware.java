package io.sentio.device.entity;

import java.util.List;

/**
 * The machine as OSHI sees it, plus the ONNX Runtime in use.
 *
 * @param cpuModel               the processor's name
 * @param physicalCores          physical cores
 * @param logicalCores           hardware threads
 * @param jvmAvailableProcessors processors the JVM may use (a container's CPU limit)
 * @param totalMemoryMb          the machine's memory
 * @param availableMemoryMb      memory available now
 * @param os                     operating system
 * @param gpus                   graphics adapters OSHI can name
 * @param onnxruntimeVersion     ONNX Runtime's version
 * @param onnxruntimeProviders   execution providers of this ONNX Runtime build
 */
public record Hardware(String cpuModel, int physicalCores, int logicalCores, int jvmAvailableProcessors,
                       long totalMemoryMb, long availableMemoryMb, String os, List<String> gpus,
                       String onnxruntimeVersion, List<String> onnxruntimeProviders) {

    public Hardware withAvailableMemoryMb(long availableMb) {
        return new Hardware(cpuModel, physicalCores, logicalCores, jvmAvailableProcessors, totalMemoryMb, availableMb,
                os, gpus, onnxruntimeVersion, onnxruntimeProviders);
    }
}
