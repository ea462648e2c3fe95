package io.sentio.analysis.control;

/** The analysis was stopped because the request ran past its timeout. */
public class RequestTimeoutException extends RuntimeException {

    public RequestTimeoutException(String message) {
        super(message);
    }
}
