package io.sentio.inference.entity;

/** How logits become class probabilities, as the model's {@code problem_type} asks. */
public enum ScoreFunction {
    /** One label per text: probabilities over all classes sum to 1. */
    SOFTMAX,
    /** Multi-label: every class scored independently. */
    SIGMOID;

    public static ScoreFunction forProblemType(String problemType) {
        return "multi_label_classification".equals(problemType) ? SIGMOID : SOFTMAX;
    }
}
