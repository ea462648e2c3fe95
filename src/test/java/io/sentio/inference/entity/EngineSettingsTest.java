package io.sentio.inference.entity;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Merging a device's defaults with configuration overrides. */
class EngineSettingsTest {

    static final EngineSettings DEFAULTS = new EngineSettings(1, 1, false, 2, 32, 4096, 8, Duration.ofMillis(2), 1024,
            true, 128, "int8", false);

    @Test
    void noOverridesKeepEveryDefault() {
        assertEquals(DEFAULTS, DEFAULTS.with(EngineSettings.Overrides.NONE));
    }

    @Test
    void eachOverrideReplacesOnlyItsField() {
        EngineSettings merged = DEFAULTS.with(new EngineSettings.Overrides(4, 2, true, 1, 8, 1000, 0,
                Duration.ZERO, 10, false, 0, " float16 "));
        assertEquals(new EngineSettings(4, 2, true, 1, 8, 1000, 0, Duration.ZERO, 10, false, 0, "float16", false), merged);
        EngineSettings one = DEFAULTS.with(new EngineSettings.Overrides(null, null, null, null, 64, null, null, null,
                null, null, null, null));
        assertEquals(64, one.maxBatchSize());
        assertEquals(DEFAULTS.tokenBudget(), one.tokenBudget());
        assertEquals("int8", one.precision());
    }

    @Test
    void aBlankPrecisionKeepsTheDevicesAndTheDeviceIsNotOverridable() {
        EngineSettings gpu = new EngineSettings(1, 1, false, 1, 128, 16384, 8, Duration.ofMillis(2), 1024, true, 512,
                "float16", true);
        EngineSettings merged = gpu.with(new EngineSettings.Overrides(null, null, null, null, null, 2048, null, null, null,
                null, null, ""));
        assertEquals("float16", merged.precision());
        assertEquals(2048, merged.tokenBudget(), "a configured budget below the device's is honoured, not raised");
        assertTrue(merged.cuda());
        assertEquals("CUDAExecutionProvider", merged.executionProvider());
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DEFAULTS.with(
                new EngineSettings.Overrides(null, null, null, null, 0, null, null, null, null, null, null, null)));
        assertTrue(e.getMessage().startsWith("batch size 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.with(
                new EngineSettings.Overrides(null, null, null, null, null, null, null, Duration.ofMillis(-1), null, null,
                        null, null)));
    }
}
