package io.sentio.evaluation.entity;

import io.sentio.inference.entity.Prediction;

import java.util.List;
import java.util.Map;

/**
 * How a model did on a labelled file.
 *
 * @param model          model folder name
 * @param precision      ONNX variant evaluated
 * @param texts          texts scored
 * @param accuracy       share of texts whose label was right
 * @param perClass       precision and recall per label
 * @param textsPerSecond throughput of the whole run (tokenization, batching, inference)
 * @param singleTextMs   median time of one text analyzed alone
 * @param batchMaxDiff   largest score difference of a text alone vs. in a mixed batch (NaN: not checked)
 * @param batchChecked   texts compared alone vs. in a batch
 * @param predictions    each text's prediction, in order
 */
public record EvaluationReport(String model, String precision, int texts, double accuracy,
                               Map<String, ClassStats> perClass, double textsPerSecond, double singleTextMs,
                               double batchMaxDiff,
                               int batchChecked, List<Prediction> predictions) {

    /** Per-label figures; NaN where undefined (never predicted, never expected). */
    public record ClassStats(int support, int predicted, double precision, double recall) {
    }
}
