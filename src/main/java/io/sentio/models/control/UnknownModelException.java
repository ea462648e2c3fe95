package io.sentio.models.control;

/** No servable model has this name. */
public class UnknownModelException extends RuntimeException {

    public UnknownModelException(String name, java.util.Collection<String> known) {
        super("unknown model '" + name + "'; available: " + String.join(", ", known));
    }
}
