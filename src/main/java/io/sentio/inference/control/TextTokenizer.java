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
        Encoding encoding = tokenizer.encode(text);
        return new Encoded(encoding.getIds(), encoding.getTypeIds(), encoding.exceedMaxLength());
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
