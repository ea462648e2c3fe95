package io.sentio.inference.entity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which ONNX file runs for a wanted precision, and how long texts may be. */
class ModelConfigTest {

    static ModelConfig config(Map<String, String> variants) {
        return new ModelConfig(List.of("NEGATIVE", "POSITIVE"), ScoreFunction.SOFTMAX, 128, variants);
    }

    @Test
    void aDeclaredVariantRuns() {
        ModelConfig c = config(Map.of("int8", "model.onnx", "float16", "model.fp16.onnx"));
        assertEquals(new ModelConfig.Variant("float16", "model.fp16.onnx"), c.variant("float16"));
        assertEquals(new ModelConfig.Variant("int8", "model.onnx"), c.variant("int8"));
    }

    @Test
    void aMissingVariantRunsModelOnnxUnderItsDeclaredPrecision() {
        ModelConfig int8Only = config(Map.of("int8", "model.onnx"));
        assertEquals(new ModelConfig.Variant("int8", "model.onnx"), int8Only.variant("float16"));
        assertEquals(new ModelConfig.Variant("int8", "model.onnx"), int8Only.variant(null));
        assertEquals(new ModelConfig.Variant("float32", "model.onnx"), config(Map.of()).variant("int8"),
                "an undeclared model.onnx is what exporters write: float32");
    }

    @Test
    void maxLengthNeverExceedsTheModels() {
        ModelConfig c = config(Map.of());
        assertEquals(128, c.maxLength(0));
        assertEquals(64, c.maxLength(64));
        assertEquals(128, c.maxLength(512));
    }
}
