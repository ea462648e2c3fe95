package io.sentio.analysis.entity;

import io.sentio.inference.entity.Prediction;

import java.util.Map;

/** The answer to a request with one {@code text}. */
public record SingleAnswer(String model, String label, double score, Map<String, Double> scores, int tokens,
                           boolean truncated, int chunks, boolean cached, double processingTimeMs) {

    public static SingleAnswer of(String model, Prediction p, boolean cached, double processingTimeMs) {
        return new SingleAnswer(model, p.label(), p.score(), p.scores(), p.tokens(), p.truncated(), p.chunks(),
                cached, processingTimeMs);
    }
}
