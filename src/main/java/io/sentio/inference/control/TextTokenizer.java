package io.sentio.inference.control;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.LongText;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    /** The same tokenizer without truncation or special tokens, for the policies that read a text whole. */
    private final HuggingFaceTokenizer whole;
    /** The special tokens that frame one sequence ([CLS] and [SEP]); null where they are not one each. */
    private final long[] frame;
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
        this.whole = HuggingFaceTokenizer.newInstance(tokenizerJson, Map.of(
                "truncation", "false",
                "padding", "false",
                "addSpecialTokens", "false"));
        long[] empty = tokenizer.encode("").getIds();
        this.frame = empty.length == 2 ? empty : null;
        this.unknownId = unknownId();
    }

    /** A text's windows for the model, and the tokens the model reads of it in all. */
    public record Windows(List<Encoded> parts, int tokens) {
    }

    /**
     * The text as the policy reads it: {@code head} one window of its first tokens; {@code head_tail} one
     * window of its first quarter and last three quarters of the max length; {@code chunk} windows of the max
     * length overlapping by a quarter, covering every token. A text within the max length is one window under
     * every policy. {@code head} and {@code head_tail} read at most 32 characters per token they keep (from the
     * start, and from the end), so any text costs them little; {@code chunk} tokenizes the text whole and throws
     * {@link TextTooLongException} for one over its bound (tokens, or 32 characters a token before tokenizing
     * it). A tokenizer whose sequences are not framed by one special token on each side is read {@code head}.
     */
    public Windows windows(String text, LongText longText) {
        if (longText.policy() == LongText.Policy.HEAD || frame == null) {
            Encoded head = encode(text);
            return new Windows(List.of(head), head.length());
        }
        int room = maxLength - 2;
        int head = room / 4;
        if (longText.policy() == LongText.Policy.HEAD_TAIL && text.length() > room * CHARS_PER_TOKEN) {
            // the ends only: the first and the last characters that can make the tokens kept
            int lastStart = text.length() - (room - head) * CHARS_PER_TOKEN;
            lastStart += Character.isLowSurrogate(text.charAt(lastStart)) ? 1 : 0;
            return headTail(tokens(prefix(text, head * CHARS_PER_TOKEN)), tokens(text.substring(lastStart)));
        }
        if (longText.policy() == LongText.Policy.CHUNK
                && (long) text.length() > (long) longText.maxTokens() * CHARS_PER_TOKEN) {
            throw new TextTooLongException("a text of " + text.length() + " characters is longer than "
                    + longText.policy().wire() + " reads (MAX_TEXT_TOKENS " + longText.maxTokens() + " tokens, "
                    + CHARS_PER_TOKEN + " characters a token)");
        }
        long[] ids = tokens(text);
        if (longText.policy() == LongText.Policy.CHUNK && ids.length > longText.maxTokens()) {
            throw new TextTooLongException("a text of " + ids.length + " tokens is longer than "
                    + longText.policy().wire() + " reads (MAX_TEXT_TOKENS " + longText.maxTokens() + ")");
        }
        if (ids.length <= room) {
            return new Windows(List.of(framed(ids, false)), ids.length + 2);
        }
        if (longText.policy() == LongText.Policy.HEAD_TAIL) {
            return headTail(ids, ids);
        }
        int stride = Math.max(1, room - room / 4);
        List<Encoded> parts = new ArrayList<>();
        for (int start = 0; ; start += stride) {
            int end = Math.min(start + room, ids.length);
            parts.add(framed(Arrays.copyOfRange(ids, start, end), false));
            if (end == ids.length) {
                break;
            }
        }
        return new Windows(parts, ids.length + 2);
    }

    /**
     * One window of the first quarter of the max length from {@code first} and the rest from the end of
     * {@code last} (the same tokens, or the tokens of the text's two ends); fewer from the start leave more to the
     * end.
     */
    private Windows headTail(long[] first, long[] last) {
        int room = maxLength - 2;
        int fromFirst = Math.min(room / 4, first.length);
        int fromLast = Math.min(room - fromFirst, last.length);
        long[] kept = new long[fromFirst + fromLast];
        System.arraycopy(first, 0, kept, 0, fromFirst);
        System.arraycopy(last, last.length - fromLast, kept, fromFirst, fromLast);
        return new Windows(List.of(framed(kept, true)), kept.length + 2);
    }

    /** The text's tokens without special tokens. */
    private long[] tokens(String text) {
        return whole.encode(readable(text)).getIds();
    }

    /** The text with emoji and emoticons as words where the vocabulary lacks them. */
    private String readable(String text) {
        return unknownId >= 0 ? SymbolWords.replace(text, this::unknown) : text;
    }

    /** The first {@code chars} characters, one fewer where the last would split a surrogate pair. */
    private static String prefix(String text, int chars) {
        return text.substring(0, Character.isHighSurrogate(text.charAt(chars - 1)) ? chars - 1 : chars);
    }

    private Encoded framed(long[] content, boolean truncated) {
        long[] ids = new long[content.length + 2];
        ids[0] = frame[0];
        System.arraycopy(content, 0, ids, 1, content.length);
        ids[ids.length - 1] = frame[1];
        return new Encoded(ids, new long[ids.length], truncated);
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
            return ids.length > 0 && Arrays.stream(ids).allMatch(id -> id == unknownId);
        });
    }

    public Encoded encode(String text) {
        int limit = maxLength * CHARS_PER_TOKEN;
        boolean cut = text.length() > limit;
        Encoding encoding = tokenizer.encode(readable(cut ? prefix(text, limit) : text));
        return new Encoded(encoding.getIds(), encoding.getTypeIds(), cut || encoding.exceedMaxLength());
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {
        tokenizer.close();
        whole.close();
    }
}
