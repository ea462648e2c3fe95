package io.sentio.inference.control;

import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.LongText;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The long-text policies with the shipped model's real tokenizer at the CPU max length of 128. */
class TextTokenizerTest {

    static TextTokenizer tokenizer;

    @BeforeAll
    static void open() throws Exception {
        tokenizer = new TextTokenizer(SentimentModelTest.defaultModelDir().resolve("tokenizer.json"), 128);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    /** {@code n} common words, each one token. */
    static String words(int n) {
        String[] vocabulary = {"red", "green", "blue", "film", "good", "bad", "plot", "actor"};
        return IntStream.range(0, n).mapToObj(i -> vocabulary[i % vocabulary.length]).collect(Collectors.joining(" "));
    }

    static LongText policy(LongText.Policy policy) {
        return new LongText(policy, 32768);
    }

    @Test
    void aTextWithinTheMaxLengthIsOneIdenticalWindowUnderEveryPolicy() {
        String text = "a short and pleasant film";
        Encoded head = tokenizer.encode(text);
        for (LongText.Policy p : LongText.Policy.values()) {
            TextTokenizer.Windows w = tokenizer.windows(text, policy(p));
            assertEquals(1, w.parts().size(), p.wire());
            assertArrayEquals(head.ids(), w.parts().get(0).ids(), p.wire());
            assertFalse(w.parts().get(0).truncated(), p.wire());
            assertEquals(head.length(), w.tokens());
        }
    }

    /** The text's tokens without special tokens, put together from its chunk windows (a new one every 95). */
    static long[] allTokens(String text) {
        List<Long> all = new ArrayList<>();
        int start = 0;
        for (Encoded window : tokenizer.windows(text, policy(LongText.Policy.CHUNK)).parts()) {
            for (int i = 1; i < window.length() - 1; i++) {
                if (start + i - 1 >= all.size()) {
                    all.add(window.ids()[i]);
                }
            }
            start += 95;
        }
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void headTailKeepsTheFirstQuarterAndTheLastThreeQuarters() {
        String text = words(400);
        long[] all = allTokens(text);
        assertEquals(400, all.length);
        TextTokenizer.Windows w = tokenizer.windows(text, policy(LongText.Policy.HEAD_TAIL));
        assertEquals(1, w.parts().size());
        Encoded kept = w.parts().get(0);
        assertEquals(128, kept.length());
        assertEquals(128, w.tokens());
        assertTrue(kept.truncated());
        long[] head = tokenizer.encode(text).ids();
        assertEquals(head[0], kept.ids()[0], "[CLS]");
        assertEquals(head[head.length - 1], kept.ids()[127], "[SEP]");
        assertArrayEquals(Arrays.copyOfRange(all, 0, 31), Arrays.copyOfRange(kept.ids(), 1, 32), "the first 31 tokens");
        assertArrayEquals(Arrays.copyOfRange(all, 400 - 95, 400), Arrays.copyOfRange(kept.ids(), 32, 127),
                "the last 95 tokens");
    }

    @Test
    void headTailOfALongTextReadsOnlyItsEndsAndKeepsTheSameTokens() {
        String text = words(3000); // 15,000 characters: read from its start and its end only
        long[] all = allTokens(text);
        Encoded kept = tokenizer.windows(text, policy(LongText.Policy.HEAD_TAIL)).parts().get(0);
        assertEquals(128, kept.length());
        assertTrue(kept.truncated());
        assertArrayEquals(Arrays.copyOfRange(all, 0, 31), Arrays.copyOfRange(kept.ids(), 1, 32));
        assertArrayEquals(Arrays.copyOfRange(all, all.length - 95, all.length), Arrays.copyOfRange(kept.ids(), 32, 127));
        assertEquals(1, tokenizer.windows(words(600), new LongText(LongText.Policy.HEAD_TAIL, 500)).parts().size(),
                "head_tail has no bound: it reads the tokens it keeps");
    }

    @Test
    void chunkCoversEveryTokenInOverlappingWindowsOfTheMaxLength() {
        int n = 1000;
        TextTokenizer.Windows w = tokenizer.windows(words(n), policy(LongText.Policy.CHUNK));
        assertEquals(n + 2, w.tokens());
        // 126 tokens a window, a new window every 95: starts 0, 95, ..., the last one ends at the text's end
        assertEquals((int) Math.ceil((n - 126) / 95.0) + 1, w.parts().size());
        List<Long> covered = new ArrayList<>();
        int start = 0;
        for (Encoded window : w.parts()) {
            assertTrue(window.length() <= 128);
            assertFalse(window.truncated());
            for (int i = 1; i < window.length() - 1; i++) {
                if (covered.size() < start + i) {
                    covered.add(window.ids()[i]);
                } else {
                    assertEquals(covered.get(start + i - 1), window.ids()[i], "windows agree where they overlap");
                }
            }
            start += 95;
        }
        assertEquals(n, covered.size());
    }

    @Test
    void aTextOverTheBoundIsRefusedBeforeOrAfterTokenizing() {
        LongText small = new LongText(LongText.Policy.CHUNK, 500);
        assertEquals(5, tokenizer.windows(words(500), small).parts().size());
        TextTooLongException tokens = assertThrows(TextTooLongException.class, () -> tokenizer.windows(words(501), small));
        assertTrue(tokens.getMessage().contains("501 tokens"), tokens.getMessage());
        TextTooLongException chars = assertThrows(TextTooLongException.class,
                () -> tokenizer.windows("x".repeat(500 * 32 + 1), small));
        assertTrue(chars.getMessage().contains("16001 characters"), chars.getMessage());
        assertEquals(1, tokenizer.windows(words(5000), new LongText(LongText.Policy.HEAD, 500)).parts().size(),
                "head reads the first tokens of any text");
    }
}
