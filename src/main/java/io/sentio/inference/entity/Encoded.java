package io.sentio.inference.entity;

/**
 * One tokenized text, ready for the model.
 *
 * @param ids       token ids, special tokens included
 * @param typeIds   segment ids
 * @param truncated whether the text was cut to the model's max length
 */
public record Encoded(long[] ids, long[] typeIds, boolean truncated) {

    public int length() {
        return ids.length;
    }
}
