package io.sentio.inference.entity;

import java.util.List;
import java.util.Map;

/**
 * What a model says about itself in its {@code config.json}.
 *
 * @param labels    class names in logit order ({@code id2label})
 * @param scoring   softmax or sigmoid, from {@code problem_type}
 * @param maxLength tokens per text the model accepts, special tokens included
 * @param variants  precision name ({@code int8}, {@code float16}, {@code float32}) to ONNX file name
 */
public record ModelConfig(List<String> labels, ScoreFunction scoring, int maxLength, Map<String, String> variants) {

    public ModelConfig {
        labels = List.copyOf(labels);
        variants = Map.copyOf(variants);
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("the model declares no labels (id2label)");
        }
        if (maxLength < 3) {
            throw new IllegalArgumentException("max length " + maxLength + " leaves no room for text");
        }
    }
}
