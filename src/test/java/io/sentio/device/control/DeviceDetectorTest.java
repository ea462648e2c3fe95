package io.sentio.device.control;

import io.sentio.device.entity.Device;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device choice on a machine where no CUDA session can answer (the CPU build of ONNX Runtime). */
class DeviceDetectorTest {

    final Path model = Path.of(System.getProperty("sentio.models.dir", "models"), "sentiment-e5-small", "model.onnx");

    @Test
    void autoFallsBackToCpuAndSaysWhy() {
        Device device = DeviceDetector.detect("auto", model);
        assertEquals("cpu", device.kind());
        assertTrue(device.reason().contains("no usable CUDA device"), device.reason());
        assertEquals("int8", device.defaults().precision());
        assertEquals(256, device.defaults().maxLength());
        assertFalse(device.defaults().cuda());
    }

    @Test
    void gpuWithoutAGpuFailsClearly() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DeviceDetector.detect("gpu", model));
        assertTrue(e.getMessage().startsWith("DEVICE=gpu, but no usable CUDA device"), e.getMessage());
    }

    @Test
    void cpuOnRequestAndNonsenseRejected() {
        assertEquals("cpu", DeviceDetector.detect("CPU", model).kind());
        assertThrows(IllegalArgumentException.class, () -> DeviceDetector.detect("tpu", model));
    }
}
