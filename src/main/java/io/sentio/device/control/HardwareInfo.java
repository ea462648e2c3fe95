package io.sentio.device.control;

import ai.onnxruntime.OrtEnvironment;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The machine as OSHI sees it, plus the ONNX Runtime in use. */
public final class HardwareInfo {

    private HardwareInfo() {
    }

    public static Map<String, Object> describe() {
        SystemInfo system = new SystemInfo();
        CentralProcessor cpu = system.getHardware().getProcessor();
        GlobalMemory memory = system.getHardware().getMemory();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("cpu_model", cpu.getProcessorIdentifier().getName().trim());
        info.put("physical_cores", cpu.getPhysicalProcessorCount());
        info.put("logical_cores", cpu.getLogicalProcessorCount());
        info.put("jvm_available_processors", Runtime.getRuntime().availableProcessors());
        info.put("total_memory_mb", memory.getTotal() >> 20);
        info.put("available_memory_mb", memory.getAvailable() >> 20);
        info.put("os", system.getOperatingSystem().toString());
        List<String> gpus;
        try {
            // a virtual machine's display adapter shows up with every field "unknown": not a GPU worth naming
            gpus = system.getHardware().getGraphicsCards().stream()
                    .filter(card -> !"unknown".equals(card.getName()) || !"unknown".equals(card.getVendor()))
                    .map(card -> "unknown".equals(card.getName()) ? card.getVendor() + " " + card.getDeviceId()
                            : card.getName())
                    .toList();
        } catch (RuntimeException e) {
            gpus = List.of();
        }
        info.put("gpus", gpus);
        info.put("onnxruntime_version", OrtEnvironment.getEnvironment().getVersion());
        info.put("onnxruntime_providers", OrtEnvironment.getAvailableProviders().stream().map(Enum::name).sorted().toList());
        return info;
    }
}
