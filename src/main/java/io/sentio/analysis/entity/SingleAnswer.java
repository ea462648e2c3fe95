package io.sentio.analysis.entity;

import java.util.Map;

/** The answer to a request with one {@code text}. */
public record SingleAnswer(String model, String label, double score, Map<String, Double> scores, int tokens,
                           boolean truncated, int chunks, boolean cached, double processingTimeMs) {
}
