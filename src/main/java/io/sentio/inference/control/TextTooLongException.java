package io.sentio.inference.control;

/** A text, or a request's texts, larger than the core will read: sending it again cannot help. */
public class TextTooLongException extends RuntimeException {

    public TextTooLongException(String message) {
        super(message);
    }
}
