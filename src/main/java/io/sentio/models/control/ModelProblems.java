package io.sentio.models.control;

import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;

import java.util.Collection;

/** The failures of the models component, in the words clients see. */
final class ModelProblems {

    private ModelProblems() {
    }

    static SentioException unknown(String name, Collection<String> known) {
        return new SentioException.ClientError(ProblemKind.UNKNOWN_MODEL, "unknown model '" + SentioException.echo(name)
                + "'; available: " + String.join(", ", known));
    }

    static SentioException unavailable(String name, String why, long retrySeconds, Throwable cause) {
        return new SentioException.Unavailable(ProblemKind.MODEL_UNAVAILABLE, "model '" + name + "' cannot be served: "
                + why, (int) Math.max(1, retrySeconds), cause);
    }

    static SentioException unavailable(String name, Throwable cause, long retrySeconds) {
        return unavailable(name, rootMessage(cause), retrySeconds, cause);
    }

    static SentioException tooLarge(String name, long estimateBytes, long budgetBytes) {
        return new SentioException.Unavailable(ProblemKind.MODEL_TOO_LARGE, "model '" + name + "' needs about "
                + mb(estimateBytes) + " MB of memory (its ONNX file and tokenizer, and its runs' working memory), more "
                + "than the whole memory budget of " + mb(budgetBytes) + " MB (MODEL_MEMORY_BUDGET_MB, or derived "
                + "from the memory limit; see /api/model-info)");
    }

    private static long mb(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }

    static SentioException shuttingDown(String why) {
        return new SentioException.Unavailable(ProblemKind.SHUTTING_DOWN, why);
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
