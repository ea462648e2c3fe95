package io.sentio.analysis.entity;

import io.sentio.inference.entity.LongText;

import java.util.List;

/**
 * A validated request: the texts to analyze and the model to use.
 *
 * @param texts  the texts, in the client's order
 * @param single whether the client sent one {@code text} (and wants the single-text answer)
 * @param model  the model's name; {@code null} for the default model
 * @param truncation how to read texts longer than the model's max length; {@code null} for the server's default
 */
public record AnalysisRequest(List<String> texts, boolean single, String model, LongText.Policy truncation) {

    public AnalysisRequest {
        texts = List.copyOf(texts);
    }
}
