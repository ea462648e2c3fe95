package io.sentio.inference.control;

import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.Prediction;
import io.sentio.inference.entity.ScoreFunction;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns one row of logits into a {@link Prediction} with the model's own labels. */
public final class Scorer {

    private final List<String> labels;
    private final ScoreFunction function;

    public Scorer(List<String> labels, ScoreFunction function) {
        this.labels = List.copyOf(labels);
        this.function = function;
    }

    public Prediction score(float[] logits, Encoded encoded) {
        if (logits.length != labels.size()) {
            throw new IllegalStateException("the model returned " + logits.length + " logits for "
                    + labels.size() + " labels");
        }
        double[] probabilities = function == ScoreFunction.SIGMOID ? sigmoid(logits) : softmax(logits);
        Map<String, Double> scores = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < probabilities.length; i++) {
            scores.put(labels.get(i), probabilities[i]);
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new Prediction(labels.get(best), probabilities[best], scores, encoded.length(), encoded.truncated());
    }

    public static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] out = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            out[i] = Math.exp(logits[i] - max);
            sum += out[i];
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= sum;
        }
        return out;
    }

    static double[] sigmoid(float[] logits) {
        double[] out = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            out[i] = 1.0 / (1.0 + Math.exp(-logits[i]));
        }
        return out;
    }
}
