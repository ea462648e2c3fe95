package io.sentio.inference.control;

import java.util.Map;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces emoji, pictographs and emoticons with words before a text is tokenized, for tokenizers that would
 * read them as their unknown token (a WordPiece vocabulary such as BERT's has no emoji: "😡👎" and "😍🎉"
 * would both reach the model as two {@code [UNK]}s). Common sentiment-bearing ones get a plain word from a
 * small table; any other symbol the tokenizer does not know gets its Unicode name ({@link Character#getName}),
 * in lower case. Emoticons ({@code :)}, {@code :(}, {@code <3}, ...) standing as words get words too.
 * Variation selectors, zero-width joiners and skin-tone modifiers, which only shape the symbol before them,
 * are dropped. Pure and thread-safe.
 */
public final class SymbolWords {

    private static final Map<Integer, String> WORDS = Map.ofEntries(
            // joy and approval
            Map.entry(0x1F600, "happy"), Map.entry(0x1F603, "happy"), Map.entry(0x1F604, "happy"),
            Map.entry(0x1F601, "happy"), Map.entry(0x1F60A, "happy"), Map.entry(0x263A, "happy"),
            Map.entry(0x1F642, "pleased"), Map.entry(0x1F606, "laughing"), Map.entry(0x1F602, "laughing"),
            Map.entry(0x1F923, "laughing"), Map.entry(0x1F605, "relieved"), Map.entry(0x1F607, "blessed"),
            Map.entry(0x1F970, "love"), Map.entry(0x1F60D, "love"), Map.entry(0x1F618, "love"),
            Map.entry(0x1F63B, "love"), Map.entry(0x2764, "love"), Map.entry(0x1F495, "love"),
            Map.entry(0x1F496, "love"), Map.entry(0x1F497, "love"), Map.entry(0x1F499, "love"),
            Map.entry(0x1F49A, "love"), Map.entry(0x1F49C, "love"), Map.entry(0x1F9E1, "love"),
            Map.entry(0x1F49E, "love"), Map.entry(0x1F929, "amazing"), Map.entry(0x1F60B, "delicious"),
            Map.entry(0x1F60E, "cool"), Map.entry(0x1F973, "celebrate"), Map.entry(0x1F389, "celebrate"),
            Map.entry(0x1F38A, "celebrate"), Map.entry(0x1F44D, "good"), Map.entry(0x1F44C, "good"),
            Map.entry(0x1F44F, "applause"), Map.entry(0x1F64C, "hooray"), Map.entry(0x1F4AF, "perfect"),
            Map.entry(0x1F525, "awesome"), Map.entry(0x2728, "wonderful"), Map.entry(0x1F31F, "wonderful"),
            Map.entry(0x2B50, "star"), Map.entry(0x1F917, "hug"), Map.entry(0x1F4AA, "strong"),
            Map.entry(0x1F64F, "thanks"),
            // anger, sadness and disapproval
            Map.entry(0x1F621, "angry"), Map.entry(0x1F620, "angry"), Map.entry(0x1F92C, "furious"),
            Map.entry(0x1F624, "frustrated"), Map.entry(0x1F926, "frustrated"), Map.entry(0x1F61E, "disappointed"),
            Map.entry(0x1F614, "sad"), Map.entry(0x1F622, "sad"), Map.entry(0x1F625, "sad"),
            Map.entry(0x1F61F, "worried"), Map.entry(0x1F615, "confused"), Map.entry(0x1F641, "unhappy"),
            Map.entry(0x2639, "unhappy"), Map.entry(0x1F623, "miserable"), Map.entry(0x1F616, "miserable"),
            Map.entry(0x1F62B, "tired"), Map.entry(0x1F629, "weary"), Map.entry(0x1F62D, "crying"),
            Map.entry(0x1F631, "scared"), Map.entry(0x1F628, "afraid"), Map.entry(0x1F630, "anxious"),
            Map.entry(0x1F613, "downcast"), Map.entry(0x1F922, "disgusted"), Map.entry(0x1F92E, "disgusting"),
            Map.entry(0x1F612, "unamused"), Map.entry(0x1F644, "annoyed"), Map.entry(0x1F611, "blank"),
            Map.entry(0x1F610, "neutral"), Map.entry(0x1F494, "heartbroken"), Map.entry(0x1F44E, "bad"),
            Map.entry(0x1F4A9, "crap"), Map.entry(0x1F971, "boring"), Map.entry(0x1F634, "sleepy"),
            Map.entry(0x1F62C, "awkward"), Map.entry(0x1F480, "dead"), Map.entry(0x1F912, "sick"));

    private static final Map<String, String> EMOTICONS = Map.ofEntries(
            Map.entry(":)", "smile"), Map.entry(":-)", "smile"), Map.entry(":]", "smile"), Map.entry("=)", "smile"),
            Map.entry(":D", "laugh"), Map.entry(":-D", "laugh"), Map.entry("xD", "laugh"), Map.entry("XD", "laugh"),
            Map.entry(";)", "wink"), Map.entry(";-)", "wink"), Map.entry(":P", "playful"), Map.entry(":p", "playful"),
            Map.entry(":-P", "playful"), Map.entry(":(", "sad"), Map.entry(":-(", "sad"), Map.entry(":[", "sad"),
            Map.entry("=(", "sad"), Map.entry(":'(", "crying"), Map.entry(":/", "unsure"), Map.entry(":-/", "unsure"),
            Map.entry(":|", "meh"), Map.entry(":O", "surprised"), Map.entry(":o", "surprised"),
            Map.entry("<3", "love"), Map.entry("</3", "heartbroken"), Map.entry(">:(", "angry"));

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
