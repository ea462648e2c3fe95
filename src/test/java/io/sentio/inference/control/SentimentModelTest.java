package io.sentio.inference.control;

import io.sentio.device.entity.Device;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.inference.entity.LongText;
import io.sentio.inference.entity.Prediction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inference core against the real shipped default model. */
class SentimentModelTest {

    /** The server's settings on this machine's CPU. */
    static final Device SERVER = Device.cpu("test");

    static final AtomicInteger ABANDONED = new AtomicInteger();
    static volatile CountDownLatch runStarting = new CountDownLatch(0);
    static volatile CountDownLatch runAbandoned = new CountDownLatch(0);
    static SentimentModel model;

    static Path defaultModelDir() {
        return Path.of(System.getProperty("sentio.models.dir", "models"),
                System.getProperty("sentio.default.model", "sentiment-e5-small"));
    }

    @BeforeAll
    static void load() throws Exception {
        BatchObserver observer = new BatchObserver() {
            @Override
            public void queued(long waitNanos) {
                runStarting.countDown();
            }

            @Override
            public void abandoned(int texts) {
                ABANDONED.addAndGet(texts);
                runAbandoned.countDown();
            }
        };
        model = SentimentModel.load(defaultModelDir(), SERVER.defaults(), observer);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    Prediction one(String text) throws Exception {
        return model.analyze(List.of(text)).get(30, TimeUnit.SECONDS).get(0);
    }

    @Test
    void aTwentyThousandTokenTextIsReadWholeInWindowsThatRunInBatches() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger windowsRun = new AtomicInteger();
        BatchObserver counting = new BatchObserver() {
            @Override
            public void ran(int texts, long realTokens, long paddedTokens, long inferenceNanos) {
                runs.incrementAndGet();
                windowsRun.addAndGet(texts);
            }
        };
        String praise = "a wonderful , moving and beautifully acted film that i would gladly watch again . ";
        String text = praise.repeat(1400); // 15 tokens each: 21,000 tokens
        try (SentimentModel chunked = SentimentModel.load(defaultModelDir(), SERVER.defaults(), counting)) {
            long start = System.nanoTime();
            CompletableFuture<List<Prediction>> longOne = chunked.analyze(List.of(text), Duration.ZERO,
                    new LongText(LongText.Policy.CHUNK, 32768));
            CompletableFuture<List<Prediction>> shortOne = chunked.analyze(List.of("a dull , lifeless film"),
                    Duration.ofSeconds(30), new LongText(LongText.Policy.CHUNK, 32768));
            Prediction p = longOne.get(30, TimeUnit.SECONDS).get(0);
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals("NEGATIVE", shortOne.get(30, TimeUnit.SECONDS).get(0).label(), "served beside the windows");
            assertEquals("POSITIVE", p.label());
            assertTrue(p.tokens() > 20_000, "tokens " + p.tokens());
            int room = chunked.maxLength() - 2; // a window's real tokens; a new window every three quarters of it
            assertEquals((int) Math.ceil((p.tokens() - 2 - room) / (double) (room - room / 4)) + 1, p.chunks());
            assertFalse(p.truncated());
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // a run is reported after it answers
            while (windowsRun.get() < p.chunks() + 1 && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertEquals(p.chunks() + 1, windowsRun.get(), "every window ran once, and the short text");
            // full runs hold as many windows as the token budget allows (16 of 256 tokens); at least half that
            EngineSettings cpu = SERVER.defaults();
            int fullRun = Math.min(cpu.maxBatchSize(), cpu.tokenBudget() / chunked.maxLength());
            assertTrue(runs.get() <= windowsRun.get() / (fullRun / 2), runs.get() + " runs for " + windowsRun.get()
                    + " windows: they ran in batches");
            System.out.printf("chunk: %d tokens, %d windows in %d runs, %.2f s%n", p.tokens(), p.chunks(), runs.get(),
                    seconds);
        }
    }

    @Test
    void emojiAndEmoticonsAreReadAsWords() throws Exception {
        assertEquals("NEGATIVE", one("😡👎").label());
        assertEquals("POSITIVE", one("😍🎉").label());
        assertEquals("NEGATIVE", one("worst day ever 😭").label());
        assertEquals("POSITIVE", one("love it :)").label());
        assertEquals("NEGATIVE", one("the update broke everything :(").label());
        // before, every emoji-only text was two [UNK]s and scored the same
        assertTrue(Math.abs(one("👍").scores().get("POSITIVE") - one("💩").scores().get("POSITIVE")) > 0.5);
    }

    @Test
    void clearSentencesIncludingNegations() throws Exception {
        assertEquals("POSITIVE", one("I absolutely loved this film, the acting was superb.").label());
        assertEquals("NEGATIVE", one("A dull, lifeless and painfully boring movie.").label());
        assertEquals("NEGATIVE", one("This is not a good movie.").label());
        assertEquals("POSITIVE", one("This is not a bad movie at all, I enjoyed it.").label());
        assertEquals("NEGATIVE", one("I did not enjoy a single minute of it.").label());
        assertEquals("POSITIVE", one("I can't remember the last time I had this much fun at the cinema.").label());
    }

    @Test
    void labelsAndScoresComeFromTheModel() throws Exception {
        Prediction p = one("A warm, funny and wonderfully acted story.");
        assertEquals(List.of("NEGATIVE", "POSITIVE"), List.copyOf(p.scores().keySet()));
        assertEquals(1.0, p.scores().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
        assertEquals(p.scores().get(p.label()), p.score(), 0);
        assertFalse(p.truncated());
        assertTrue(p.tokens() > 5);
    }

    @Test
    void longTextsAreTruncatedToTheModelsLimit() throws Exception {
        Prediction p = one("what a wonderful , heartfelt film . ".repeat(300));
        assertTrue(p.truncated());
        assertEquals(model.maxLength(), p.tokens());
        assertEquals("POSITIVE", p.label());
    }

    @Test
    void aMegabyteTextIsReadOnlyAsFarAsItsTokensAndSaysSo() throws Exception {
        Prediction oneWord = one("a".repeat(1_000_000)); // one [UNK] for the whole word, were it read to the end
        assertTrue(oneWord.truncated(), "characters were dropped");
        Prediction words = one("a lovely film . ".repeat(60_000));
        assertTrue(words.truncated());
        assertEquals(model.maxLength(), words.tokens());
        Prediction emoji = one("😀".repeat(5_000)); // surrogate pairs are cut whole
        assertTrue(emoji.truncated());
    }

    @Test
    void aTextsAnswerDoesNotDependOnItsBatch() throws Exception {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            texts.add(i % 5 == 0 ? "a long , meandering and ultimately pointless story that goes nowhere at all , "
                    .repeat(1 + i % 4) : "fine film number " + i + (i % 2 == 0 ? " , loved it" : " , hated it"));
        }
        List<Prediction> together = model.analyze(texts).get(60, TimeUnit.SECONDS);
        for (int i = 0; i < texts.size(); i++) {
            Prediction alone = one(texts.get(i));
            assertEquals(alone.label(), together.get(i).label(), texts.get(i));
            assertEquals(alone.score(), together.get(i).score(), 1e-4, texts.get(i));
        }
    }

    @Test
    void concurrentCallersEachGetTheirOwnAnswer() throws Exception {
        List<CompletableFuture<List<Prediction>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(model.analyze(List.of(i % 2 == 0 ? "an excellent , joyful film" : "an awful , tedious film")));
        }
        for (int i = 0; i < 40; i++) {
            assertEquals(i % 2 == 0 ? "POSITIVE" : "NEGATIVE", calls.get(i).get(30, TimeUnit.SECONDS).get(0).label());
        }
    }

    @Test
    void withdrawnWorkIsStoppedAndTheEngineServesOn() throws Exception {
        int before = ABANDONED.get();
        runStarting = new CountDownLatch(1);
        runAbandoned = new CountDownLatch(1);
        List<String> heavy = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            heavy.add(("slow text number " + i + " keeps the engine busy for a while . ").repeat(40));
        }
        CompletableFuture<List<Prediction>> withdrawn = model.analyze(heavy);
        assertTrue(runStarting.await(10, TimeUnit.SECONDS), "a run started");
        withdrawn.cancel(true);
        assertThrows(CancellationException.class, withdrawn::join);
        assertEquals("POSITIVE", one("a lovely film").label());
        assertTrue(runAbandoned.await(10, TimeUnit.SECONDS), "the running batch was terminated, not run to the end");
        assertTrue(ABANDONED.get() > before);
    }
}
