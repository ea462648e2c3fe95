package io.sentio.inference.control;

/** A text could not be analysed because its model was closed (the server is stopping) before it ran. */
public final class ModelClosedException extends IllegalStateException {

    public ModelClosedException() {
        super("the model was closed before this text ran");
    }
}
