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

    /** The file a model runs when it declares no variant of the wanted precision. */
    public static final String DEFAULT_FILE = "model.onnx";
    /** The precision of {@link #DEFAULT_FILE} when the model does not declare it (exporters write float32). */
    public static final String UNDECLARED_PRECISION = "float32";

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

    /** An ONNX file of the model and the precision it holds. */
    public record Variant(String precision, String file) {
    }

    /**
     * The variant that runs when {@code wanted} is asked for: the declared one, else {@code model.onnx} with
     * the precision the model declares for that file. The one place that decides it.
     */
    public Variant variant(String wanted) {
        if (wanted != null && variants.containsKey(wanted)) {
            return new Variant(wanted, variants.get(wanted));
        }
        String file = DEFAULT_FILE;
        String precision = variants.entrySet().stream()
                .filter(e -> e.getValue().equals(file))
                .map(Map.Entry::getKey)
                .sorted()
                .findFirst()
                .orElse(UNDECLARED_PRECISION);
        return new Variant(precision, file);
    }

    /** Tokens per text when {@code wanted} is asked for (0: the model's own limit); never above the model's. */
    public int maxLength(int wanted) {
        return wanted > 0 ? Math.min(wanted, maxLength) : maxLength;
    }
}
