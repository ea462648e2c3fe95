package io.sentio.inference.control;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.sentio.inference.entity.Encoded;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The model's own Hugging Face tokenizer, truncating to the model's max length. Where the tokenizer reads
 * symbols it does not know as its unknown token (WordPiece vocabularies have no emoji), emoji, pictographs and
 * emoticons are first replaced by words ({@link SymbolWords}). Thread-safe.
 */
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
    /** The id the tokenizer gives a symbol it does not know; -1 where it reads every symbol (byte-level BPE). */
    private final long unknownId;
    /** Symbols asked about so far: whether the tokenizer reads each as its unknown token. */
    private final Map<Integer, Boolean> unknownSymbols = new ConcurrentHashMap<>();

    public TextTokenizer(Path tokenizerJson, int maxLength) throws IOException {
        this.maxLength = maxLength;
        this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                "maxLength", Integer.toString(maxLength),
                "truncation", "true",
                "padding", "false",
                "addSpecialTokens", "true"));
        this.unknownId = unknownId();
    }

    /**
     * What a recent emoji that vocabularies lack (U+1FAE0, melting face, Unicode 14) becomes: the unknown token,
     * if it is one token. A byte-level vocabulary reads it as several byte tokens: then no symbol is unknown.
     * (A private-use character would not do: BERT's normalizer deletes those as control characters.)
     */
    private long unknownId() {
        long[] ids = content(tokenizer.encode(new String(Character.toChars(0x1FAE0))));
        return ids.length == 1 ? ids[0] : -1;
    }

    private static long[] content(Encoding encoding) {
        long[] ids = encoding.getIds();
        long[] special = encoding.getSpecialTokenMask();
        return java.util.stream.IntStream.range(0, ids.length).filter(i -> special[i] == 0).mapToLong(i -> ids[i])
                .toArray();
    }

    /** Whether the tokenizer reads this symbol as nothing but its unknown token. */
    boolean unknown(int codePoint) {
        return unknownSymbols.computeIfAbsent(codePoint, cp -> {
            long[] ids = content(tokenizer.encode(new String(Character.toChars(cp))));
            return ids.length > 0 && java.util.Arrays.stream(ids).allMatch(id -> id == unknownId);
        });
    }

    /** Whether emoji and emoticons are replaced by words before tokenizing (the vocabulary lacks them). */
    public boolean wordsForSymbols() {
        return unknownId >= 0;
    }

    public Encoded encode(String text) {
        int limit = maxLength * CHARS_PER_TOKEN;
        boolean cut = text.length() > limit;
        String read = cut ? text.substring(0, Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit) : text;
        if (unknownId >= 0) {
            read = SymbolWords.replace(read, this::unknown);
        }
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
