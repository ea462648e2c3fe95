package io.sentio.analysis.entity;

import io.sentio.inference.entity.Prediction;

import java.util.Map;

/** One text's answer in a batch response. */
public record TextResult(String label, double score, Map<String, Double> scores, int tokens, boolean truncated,
                         int chunks, boolean cached) {

    public static TextResult of(Prediction p, boolean cached) {
        return new TextResult(p.label(), p.score(), p.scores(), p.tokens(), p.truncated(), p.chunks(), cached);
    }
}
