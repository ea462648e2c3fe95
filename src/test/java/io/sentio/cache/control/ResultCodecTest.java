package io.sentio.cache.control;

import io.sentio.inference.entity.Prediction;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ResultCodecTest {

    static Prediction prediction(String label, double positive, int tokens) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("NEGATIVE", 1 - positive);
        scores.put("POSITIVE", positive);
        return new Prediction(label, Math.max(positive, 1 - positive), scores, tokens, tokens > 128, 1);
    }

    @Test
    void aPredictionComesBackEqualWithItsLabelOrder() {
        Prediction p = new Prediction("POSITIVE", 0.9876543210123, new LinkedHashMap<>(Map.of("POSITIVE",
                0.9876543210123)), 300, true, 3);
        Prediction[] all = {p, prediction("NEGATIVE", 0.01, 7), prediction("POSITIVE", 0.99, 200)};
        for (Prediction original : all) {
            Prediction back = ResultCodec.decode(ResultCodec.encode(original));
            assertEquals(original, back);
            assertEquals(List.copyOf(original.scores().keySet()), List.copyOf(back.scores().keySet()));
        }
    }

    @Test
    void bytesOfAnotherFormatOrCutShortAreNoPrediction() {
        byte[] good = ResultCodec.encode(prediction("POSITIVE", 0.9, 5));
        byte[] otherFormat = good.clone();
        otherFormat[0] = 2;
        assertNull(ResultCodec.decode(otherFormat));
        for (int length = 0; length < good.length; length++) {
            assertNull(ResultCodec.decode(Arrays.copyOf(good, length)), "cut to " + length + " bytes");
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertNull(ResultCodec.decode(longer));
    }
}
