package io.sentio.analysis.control;

/** The client's request cannot be analyzed as sent; {@code status} is 400, 413 or 415. */
public class InvalidRequestException extends RuntimeException {

    private final int status;

    public InvalidRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
