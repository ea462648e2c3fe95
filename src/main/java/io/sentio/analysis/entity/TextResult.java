package io.sentio.analysis.entity;

import java.util.Map;

/** One text's answer in a batch response. */
public record TextResult(String label, double score, Map<String, Double> scores, int tokens, boolean truncated,
                         int chunks, boolean cached) {
}
