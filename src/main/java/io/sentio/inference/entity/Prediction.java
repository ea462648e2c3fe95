package io.sentio.inference.entity;

import java.util.Map;

/**
 * The model's answer for one text.
 *
 * @param label     the most probable class
 * @param score     its probability
 * @param scores    every class with its probability, in the model's label order
 * @param tokens    tokens the model saw
 * @param truncated whether tokens of the text were left unread (cut to the model's max length)
 * @param chunks    windows the text was read in (1 unless the {@code chunk} policy split it)
 */
public record Prediction(String label, double score, Map<String, Double> scores, int tokens, boolean truncated,
                         int chunks) {
}
