package io.sentio.analysis.entity;

import java.util.List;

/** The answer to a request with {@code texts}, results in the request's order. */
public record BatchAnswer(String model, double processingTimeMs, List<TextResult> results) {
}
