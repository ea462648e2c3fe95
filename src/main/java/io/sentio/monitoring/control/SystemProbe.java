package io.sentio.monitoring.control;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** Process and system figures from the operating system (OSHI). */
public final class SystemProbe {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private long[] lastTicks;

    public SystemProbe() {
        SystemInfo info = new SystemInfo();
        processor = info.getHardware().getProcessor();
        memory = info.getHardware().getMemory();
        os = info.getOperatingSystem();
        lastTicks = processor.getSystemCpuLoadTicks();
    }

    /** System-wide CPU use in percent since the previous call. */
    public synchronized double cpuPercent() {
        long[] ticks = processor.getSystemCpuLoadTicks();
        double load = processor.getSystemCpuLoadBetweenTicks(lastTicks);
        lastTicks = ticks;
        return Math.round(load * 1000) / 10.0;
    }

    public double memoryPercent() {
        long total = memory.getTotal();
        return total == 0 ? 0 : Math.round(1000.0 * (total - memory.getAvailable()) / total) / 10.0;
    }

    public long availableMemory() {
        return memory.getAvailable();
    }

    /** Resident memory of this JVM process in bytes. */
    public long residentBytes() {
        OSProcess self = os.getProcess(os.getProcessId());
        return self == null ? -1 : self.getResidentSetSize();
    }

    public int processThreads() {
        OSProcess self = os.getProcess(os.getProcessId());
        return self == null ? Thread.activeCount() : self.getThreadCount();
    }
}
