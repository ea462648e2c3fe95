package io.sentio.analysis.entity;

import io.sentio.inference.entity.Prediction;

import java.util.List;

/**
 * What the analyzer found.
 *
 * @param model       the model that answered
 * @param predictions one per text, in order
 * @param cached      one per text: whether its prediction came from the result cache
 * @param nanos       time spent from submission to the last answer
 */
public record Analysis(String model, List<Prediction> predictions, List<Boolean> cached, long nanos) {

    public double millis() {
        return Math.round(nanos / 10_000.0) / 100.0;
    }
}
