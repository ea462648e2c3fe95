package io.sentio.device.control;

import ai.onnxruntime.OrtEnvironment;
import io.sentio.device.entity.Hardware;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;

import java.util.List;

/** Reads the machine's hardware (OSHI) and the ONNX Runtime in use. */
public final class HardwareInfo {

    private HardwareInfo() {
    }

    public static Hardware describe() {
        SystemInfo system = new SystemInfo();
        CentralProcessor cpu = system.getHardware().getProcessor();
        return new Hardware(cpu.getProcessorIdentifier().getName().trim(), cpu.getPhysicalProcessorCount(),
                cpu.getLogicalProcessorCount(), Runtime.getRuntime().availableProcessors(),
                system.getHardware().getMemory().getTotal() >> 20, system.getHardware().getMemory().getAvailable() >> 20,
                system.getOperatingSystem().toString(), gpus(system), OrtEnvironment.getEnvironment().getVersion(),
                OrtEnvironment.getAvailableProviders().stream().map(Enum::name).sorted().toList());
    }

    private static List<String> gpus(SystemInfo system) {
        try {
            // a virtual machine's display adapter shows up with every field "unknown": not a GPU worth naming
            return system.getHardware().getGraphicsCards().stream()
                    .filter(card -> !"unknown".equals(card.getName()) || !"unknown".equals(card.getVendor()))
                    .map(card -> "unknown".equals(card.getName()) ? card.getVendor() + " " + card.getDeviceId()
                            : card.getName())
                    .toList();
        } catch (RuntimeException e) {
            return List.of();
        }
    }
}
