package io.sentio.analysis.control;

/** The model failed on input the client could not have known was bad; a server-side error. */
public class InferenceFailedException extends RuntimeException {

    public InferenceFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
