package io.sentio.inference.control;

import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.Prediction;
import io.sentio.inference.entity.ScoreFunction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ScorerTest {

    final Encoded encoded = new Encoded(new long[]{101, 7, 102}, new long[3], false);

    @Test
    void softmaxPicksTheArgMaxAndSumsToOne() {
        Prediction p = new Scorer(List.of("neg", "neu", "pos"), ScoreFunction.SOFTMAX).score(new float[]{0f, 1f, 3f}, encoded);
        assertEquals("pos", p.label());
        assertEquals(1.0, p.scores().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-12);
        assertEquals(Math.exp(3) / (1 + Math.exp(1) + Math.exp(3)), p.score(), 1e-12);
        assertEquals(List.of("neg", "neu", "pos"), List.copyOf(p.scores().keySet()));
        assertEquals(3, p.tokens());
    }

    @Test
    void softmaxIsStableForLargeLogits() {
        Prediction p = new Scorer(List.of("a", "b"), ScoreFunction.SOFTMAX).score(new float[]{1000f, 999f}, encoded);
        assertEquals(1 / (1 + Math.exp(-1)), p.score(), 1e-12);
    }

    @Test
    void sigmoidScoresEachLabelOnItsOwn() {
        Prediction p = new Scorer(List.of("a", "b"), ScoreFunction.SIGMOID).score(new float[]{0f, 2f}, encoded);
        assertEquals(0.5, p.scores().get("a"), 1e-12);
        assertEquals(1 / (1 + Math.exp(-2)), p.score(), 1e-12);
        assertEquals("b", p.label());
    }

    @Test
    void logitCountMustMatchLabels() {
        Scorer scorer = new Scorer(List.of("a", "b"), ScoreFunction.SOFTMAX);
        assertThrows(IllegalStateException.class, () -> scorer.score(new float[]{1f}, encoded));
    }

    @Test
    void windowsAreAveragedAsProbabilitiesWeightedByTheirRealTokens() {
        Scorer scorer = new Scorer(List.of("neg", "pos"), ScoreFunction.SOFTMAX);
        Encoded full = new Encoded(new long[128], new long[128], false); // 126 real tokens
        Encoded tail = new Encoded(new long[44], new long[44], false); // 42 real tokens
        float[] positive = {0f, (float) Math.log(3)}; // pos 0.75
        float[] negative = {(float) Math.log(9), 0f}; // pos 0.1
        Prediction p = scorer.combine(List.of(positive, negative), List.of(full, tail), 170);
        double pos = (126 * 0.75 + 42 * 0.1) / 168;
        assertEquals(pos, p.scores().get("pos"), 1e-6);
        assertEquals(1 - pos, p.scores().get("neg"), 1e-6);
        assertEquals("pos", p.label());
        assertEquals(2, p.chunks());
        assertEquals(170, p.tokens());
        assertEquals(false, p.truncated());
    }
}
