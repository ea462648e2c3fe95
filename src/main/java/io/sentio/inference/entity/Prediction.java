package io.sentio.inference.entity;

import java.util.Map;

/**
 * The model's answer for one text.
 *
 * @param label     the most probable class
 * @param score     its probability
 * @param scores    every class with its probability, in the model's label order
 * @param tokens    tokens the model saw
 * @param truncated whether the text was cut to the model's max length
 */
public record Prediction(String label, double score, Map<String, Double> scores, int tokens, boolean truncated) {
}
