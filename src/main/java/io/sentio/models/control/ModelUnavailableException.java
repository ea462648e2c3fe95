package io.sentio.models.control;

/** The model exists but cannot serve right now (failed to load, or still loading). */
public class ModelUnavailableException extends RuntimeException {

    public ModelUnavailableException(String name, Throwable cause) {
        super("model '" + name + "' cannot be served: " + rootMessage(cause), cause);
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
