package io.sentio.client;

import java.util.List;

/**
 * A request for several texts, answered in their order.
 *
 * @param texts      the texts
 * @param model      a model's name; {@code null}: the server's default model
 * @param truncation {@code head}, {@code head_tail} or {@code chunk}; {@code null}: the server's
 *                   {@code LONG_TEXT_POLICY}
 */
public record TextsRequest(List<String> texts, String model, String truncation) {

    /** Texts with the default model and the server's long-text policy. */
    public TextsRequest(List<String> texts) {
        this(texts, null, null);
    }
}
