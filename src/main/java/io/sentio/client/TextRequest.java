package io.sentio.client;

/**
 * A request for one text.
 *
 * @param text       the text
 * @param model      a model's name; {@code null}: the server's default model
 * @param truncation {@code head}, {@code head_tail} or {@code chunk} (how a text longer than the model's max length
 *                   is read); {@code null}: the server's {@code LONG_TEXT_POLICY}
 */
public record TextRequest(String text, String model, String truncation) {

    /** One text with the default model and the server's long-text policy. */
    public TextRequest(String text) {
        this(text, null, null);
    }
}
