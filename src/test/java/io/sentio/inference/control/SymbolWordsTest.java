package io.sentio.inference.control;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Emoji, pictographs and emoticons to words, with a tokenizer that knows no symbol or every one. */
class SymbolWordsTest {

    static String words(String text) {
        return SymbolWords.replace(text, cp -> true);
    }

    @Test
    void commonEmojiBecomeSentimentWords() {
        assertEquals("angry bad", words("😡👎"));
        assertEquals("love celebrate", words("😍🎉"));
        assertEquals("worst day ever crying", words("worst day ever 😭"));
        assertEquals("great pizza good", words("great pizza👍"));
    }

    @Test
    void modifiersThatOnlyShapeASymbolAreDropped() {
        assertEquals("love", words("❤️")); // heart + variation selector 16
        assertEquals("good", words("👍🏽")); // thumbs up + skin tone
        assertEquals("frustrated", words("🤦‍♂️").replace(" male sign", "")); // person facepalming + ZWJ + male sign
        assertEquals("\uFE0F", words("\uFE0F"), "nothing else to say: the text stays as it was");
    }

    @Test
    void otherSymbolsGetTheirUnicodeNameAndFlagsAWord() {
        assertEquals("slice of pizza", words("🍕"));
        assertEquals("flag flag", words("🇫🇷"));
    }

    @Test
    void emoticonsStandingAsWordsBecomeWords() {
        assertEquals("love it smile", words("love it :)"));
        assertEquals("so sad, sad. love", words("so sad, :(. <3"));
        assertEquals("not again angry!", words("not again >:(!"));
        assertEquals("see http://example.org/a:/b or 12:30 x:)", words("see http://example.org/a:/b or 12:30 x:)"));
    }

    /** The cases the training pipeline checks its own copy of the rule against (models/training/symbols.py). */
    @Test
    void theCasesSharedWithTheTrainingPipelineHold() throws Exception {
        List<String> lines;
        try (InputStream in = SymbolWordsTest.class.getResourceAsStream("symbol-words-cases.tsv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.startsWith("#") && !line.isBlank()).toList();
        }
        assertTrue(lines.size() >= 10, "the cases are there: " + lines.size());
        for (String line : lines) {
            String[] c = line.split("\t", 2);
            assertEquals(c[1], words(c[0]), "the shared case " + c[0]);
        }
    }

    @Test
    void textsWithoutSymbolsAndSymbolsTheTokenizerKnowsStayAsTheyAre() {
        String plain = "a plain sentence, with punctuation: and digits 42";
        assertSame(plain, words(plain));
        assertEquals("♥ 😡", SymbolWords.replace("♥ 😡", cp -> false));
        assertEquals("café ∞ love", SymbolWords.replace("café ∞ ❤", cp -> cp == 0x2764));
    }
}
