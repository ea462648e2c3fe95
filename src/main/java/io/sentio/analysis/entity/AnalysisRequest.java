package io.sentio.analysis.entity;

import java.util.List;

/**
 * A validated request: the texts to analyze and the model to use.
 *
 * @param texts  the texts, in the client's order
 * @param single whether the client sent one {@code text} (and wants the single-text answer)
 * @param model  the model's name; {@code null} for the default model
 */
public record AnalysisRequest(List<String> texts, boolean single, String model) {

    public AnalysisRequest {
        texts = List.copyOf(texts);
    }
}
