package io.sentio.inference.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces emoji, pictographs and emoticons with words before a text is tokenized, for tokenizers that would
 * read them as their unknown token (a WordPiece vocabulary such as BERT's has no emoji: "😡👎" and "😍🎉"
 * would both reach the model as two {@code [UNK]}s). Common sentiment-bearing ones get a plain word from a
 * small table ({@code symbol-words.tsv}, which the training pipeline reads too); any other symbol the
 * tokenizer does not know gets its Unicode name ({@link Character#getName}), in lower case. Emoticons
 * ({@code :)}, {@code :(}, {@code <3}, ...) standing as words get words too.
 * Variation selectors, zero-width joiners and skin-tone modifiers, which only shape the symbol before them,
 * are dropped. Pure and thread-safe.
 */
public final class SymbolWords {

    private static final Map<Integer, String> WORDS = new HashMap<>();
    private static final Map<String, String> EMOTICONS = new HashMap<>();

    static {
        // one table for the server and the training pipeline (models/training/symbols.py)
        try (InputStream in = SymbolWords.class.getResourceAsStream("symbol-words.tsv")) {
            if (in == null) {
                throw new IllegalStateException("symbol-words.tsv is missing from the class path");
            }
            new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t", 2))
                    .forEach(entry -> {
                        if (entry[0].startsWith("U+")) {
                            WORDS.put(Integer.parseInt(entry[0].substring(2), 16), entry[1]);
                        } else {
                            EMOTICONS.put(entry[0], entry[1]);
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An emoticon standing as a word: after the start or a space, before the end, a space or punctuation. */
    private static final Pattern EMOTICON = Pattern.compile("(?<=^|\\s)(" + String.join("|", EMOTICONS.keySet().stream()
            .sorted((a, b) -> b.length() - a.length()).map(Pattern::quote).toList()) + ")(?=$|\\s|[.,!?])");

    private SymbolWords() {
    }

    /**
     * The text with every symbol that {@code unknown} says the tokenizer cannot read, and every emoticon,
     * replaced by words; the text itself where there is none.
     */
    public static String replace(String text, IntPredicate unknown) {
        String out = emoticons(text);
        StringBuilder words = null;
        for (int i = 0; i < out.length(); ) {
            int cp = out.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean modifier = shapesOnly(cp);
            if (modifier || isSymbol(cp) && unknown.test(cp)) {
                if (words == null) {
                    words = new StringBuilder(out.length() + 16).append(out, 0, i);
                }
                if (!modifier) {
                    String word = word(cp);
                    if (!word.isEmpty()) {
                        words.append(' ').append(word).append(' ');
                    }
                }
            } else if (words != null) {
                words.appendCodePoint(cp);
            }
            i = next;
        }
        if (words == null) {
            return out;
        }
        String replaced = words.toString().replaceAll(" {2,}", " ").strip();
        return replaced.isEmpty() ? text : replaced; // only modifiers: nothing to say in words
    }

    /** Symbols and pictographs: emoji, dingbats, arrows, ... (Unicode category So), never letters or digits. */
    static boolean isSymbol(int cp) {
        return Character.getType(cp) == Character.OTHER_SYMBOL;
    }

    /** Code points that only change the look of the symbol before them. */
    static boolean shapesOnly(int cp) {
        return cp == 0x200D || cp == 0xFE0E || cp == 0xFE0F || cp == 0x20E3 || cp >= 0x1F3FB && cp <= 0x1F3FF;
    }

    static String word(int cp) {
        String word = WORDS.get(cp);
        if (word != null) {
            return word;
        }
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
            return "flag"; // one half of a country's flag
        }
        String name = Character.getName(cp);
        return name == null ? "" : name.toLowerCase(java.util.Locale.ROOT);
    }

    private static String emoticons(String text) {
        if (text.indexOf(':') < 0 && text.indexOf(';') < 0 && text.indexOf('=') < 0 && text.indexOf('<') < 0
                && text.indexOf('x') < 0 && text.indexOf('X') < 0) {
            return text;
        }
        Matcher m = EMOTICON.matcher(text);
        return m.find() ? m.replaceAll(match -> EMOTICONS.get(match.group(1))) : text;
    }
}
