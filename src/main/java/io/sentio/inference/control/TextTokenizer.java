package io.sentio.inference.control;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.sentio.inference.entity.Encoded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The model's own Hugging Face tokenizer, truncating to the model's max length. Thread-safe. */
public final class TextTokenizer implements AutoCloseable {

    static {
        // never reach for a model hub: everything a model needs is in its folder
        System.setProperty("ai.djl.offline", "true");
    }

    /**
     * Characters read per token of the max length. A token is rarely longer than a word; reading further costs
     * tokenizer time (1.4 s for a 1 MB text) for tokens that are dropped anyway. A text cut here reports
     * {@code truncated}, as does one whose tokens were cut.
     */
    static final int CHARS_PER_TOKEN = 32;

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    public TextTokenizer(Path tokenizerJson, int maxLength) throws IOException {
        this.maxLength = maxLength;
        this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                "maxLength", Integer.toString(maxLength),
                "truncation", "true",
                "padding", "false",
                "addSpecialTokens", "true"));
    }

    public Encoded encode(String text) {
        int limit = maxLength * CHARS_PER_TOKEN;
        boolean cut = text.length() > limit;
        String read = cut ? text.substring(0, Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit) : text;
        Encoding encoding = tokenizer.encode(read);
        return new Encoded(encoding.getIds(), encoding.getTypeIds(), cut || encoding.exceedMaxLength());
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
