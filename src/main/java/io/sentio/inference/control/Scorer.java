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
        return prediction(probabilities(logits), encoded.length(), encoded.truncated(), 1);
    }

    /**
     * One prediction for a text read in windows: the windows' probabilities averaged, each weighted by its
     * real tokens (special tokens not counted), so a short last window counts for what it holds.
     */
    public Prediction combine(List<float[]> logits, List<Encoded> windows, int tokens) {
        double[] sum = new double[labels.size()];
        double weights = 0;
        for (int w = 0; w < windows.size(); w++) {
            double[] p = probabilities(logits.get(w));
            int weight = Math.max(1, windows.get(w).length() - 2);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += weight * p[i];
            }
            weights += weight;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= weights;
        }
        return prediction(sum, tokens, false, windows.size());
    }

    private double[] probabilities(float[] logits) {
        if (logits.length != labels.size()) {
            throw new IllegalStateException("the model returned " + logits.length + " logits for "
                    + labels.size() + " labels");
        }
        return function == ScoreFunction.SIGMOID ? sigmoid(logits) : softmax(logits);
    }

    private Prediction prediction(double[] probabilities, int tokens, boolean truncated, int chunks) {
        Map<String, Double> scores = new LinkedHashMap<>();
        int best = 0;
        for (int i = 0; i < probabilities.length; i++) {
            scores.put(labels.get(i), probabilities[i]);
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new Prediction(labels.get(best), probabilities[best], scores, tokens, truncated, chunks);
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
