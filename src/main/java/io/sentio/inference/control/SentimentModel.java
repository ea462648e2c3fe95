package io.sentio.inference.control;

import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.inference.entity.LongText;
import io.sentio.inference.entity.ModelConfig;
import io.sentio.inference.entity.Prediction;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A loaded model: its tokenizer, ONNX Runtime session and batcher. Usable without any server:
 * {@code try (var m = SentimentModel.load(dir, settings, BatchObserver.NONE)) { m.analyze(texts) }}.
 */
public final class SentimentModel implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SentimentModel.class.getName());

    private final String name;
    private final ModelConfig config;
    private final ModelConfig.Variant variant;
    private final Path modelFile;
    private final String fingerprint;
    private final String executionProvider;
    private final TextTokenizer tokenizer;
    private final OnnxClassifier classifier;
    private final Scorer scorer;
    private final Batcher batcher;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final BatchObserver observer;

    private SentimentModel(String name, ModelConfig config, ModelConfig.Variant variant, Path modelFile,
                           String fingerprint, TextTokenizer tokenizer, OnnxClassifier classifier,
                           EngineSettings settings, BatchObserver observer) {
        this.name = name;
        this.config = config;
        this.variant = variant;
        this.modelFile = modelFile;
        this.fingerprint = fingerprint;
        this.executionProvider = settings.executionProvider();
        this.tokenizer = tokenizer;
        this.classifier = classifier;
        this.scorer = new Scorer(config.labels(), config.scoring());
        this.batcher = new Batcher(name, classifier::run, settings, observer);
        this.observer = observer;
    }

    /**
     * Loads the model in {@code dir}: {@code config.json}, {@code tokenizer.json} and the ONNX file of the
     * settings' precision ({@link ModelConfig#variant}).
     */
    public static SentimentModel load(Path dir, EngineSettings settings, BatchObserver observer) throws IOException {
        ModelConfig config = ModelConfigReader.read(dir);
        ModelConfig.Variant variant = config.variant(settings.precision());
        Path modelFile = dir.resolve(variant.file());
        if (!Files.isRegularFile(modelFile)) {
            throw new IOException("model file " + modelFile + " does not exist");
        }
        int maxLength = config.maxLength(settings.maxLength());
        String fingerprint = ModelFingerprint.of(modelFile, dir.resolve("tokenizer.json"), dir.resolve("config.json"),
                maxLength);
        TextTokenizer tokenizer = new TextTokenizer(dir.resolve("tokenizer.json"), maxLength);
        try {
            OnnxClassifier classifier = new OnnxClassifier(modelFile, settings);
            String name = dir.getFileName().toString();
            return new SentimentModel(name, config, variant, modelFile, fingerprint, tokenizer, classifier, settings,
                    observer);
        } catch (Exception e) {
            tokenizer.close();
            throw new IOException("cannot open " + modelFile.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Analyzes texts, answering in their order. Cancelling the returned future (or completing it
     * exceptionally) withdraws every text not yet run. Throws {@link QueueFullException} when the batcher has no
     * room for all of them, {@link ModelClosedException} once the model is closing.
     */
    public CompletableFuture<List<Prediction>> analyze(List<String> texts) {
        return analyze(texts, Duration.ZERO);
    }

    /** {@link #analyze(List)}, waiting up to {@code admissionWait} for the batcher to have room for all the texts. */
    public CompletableFuture<List<Prediction>> analyze(List<String> texts, Duration admissionWait) {
        return analyze(texts, admissionWait, LongText.HEAD);
    }

    /**
     * {@link #analyze(List, Duration)}, reading long texts as {@code longText} says. A text read in windows
     * ({@code chunk}) takes room in the batcher for each window, and its windows run in batches like any other
     * texts. Throws {@link TextTooLongException} for a text over the policy's bound, or windows that the
     * batcher's queue could never hold at once.
     */
    public CompletableFuture<List<Prediction>> analyze(List<String> texts, Duration admissionWait, LongText longText) {
        List<TextTokenizer.Windows> split = new ArrayList<>(texts.size());
        List<Encoded> windows = new ArrayList<>(texts.size());
        List<CompletableFuture<float[]>> logits;
        try (Batcher.Reservation room = batcher.reserve(texts.size(), admissionWait)) { // refused before any tokenizing
            long start = System.nanoTime();
            for (String text : texts) {
                TextTokenizer.Windows w = tokenizer.windows(text, longText);
                split.add(w);
                windows.addAll(w.parts());
            }
            observer.tokenized(texts.size(), System.nanoTime() - start);
            if (windows.size() > texts.size()) {
                if (windows.size() > batcher.capacity()) {
                    throw new TextTooLongException("the texts make " + windows.size() + " windows of "
                            + maxLength() + " tokens, more than the engine's queue holds at once ("
                            + batcher.capacity() + ", BATCH_QUEUE_CAPACITY)");
                }
                room.grow(windows.size() - texts.size(), admissionWait);
            }
            logits = room.submit(windows);
        }
        CompletableFuture<List<Prediction>> all = CompletableFuture.allOf(logits.toArray(CompletableFuture[]::new))
                .thenApply(done -> {
                    List<Prediction> predictions = new ArrayList<>(split.size());
                    int next = 0;
                    for (TextTokenizer.Windows text : split) {
                        int n = text.parts().size();
                        if (n == 1) {
                            predictions.add(scorer.score(logits.get(next).join(), text.parts().get(0)));
                        } else {
                            List<float[]> parts = new ArrayList<>(n);
                            for (int i = next; i < next + n; i++) {
                                parts.add(logits.get(i).join());
                            }
                            predictions.add(scorer.combine(parts, text.parts(), text.tokens()));
                        }
                        next += n;
                    }
                    return predictions;
                });
        all.whenComplete((result, failure) -> {
            if (failure != null) {
                logits.forEach(f -> f.cancel(false));
            }
        });
        return all;
    }

    public String name() {
        return name;
    }

    public ModelConfig config() {
        return config;
    }

    /** The precision of the ONNX file this model runs. */
    public String precision() {
        return variant.precision();
    }

    public Path modelFile() {
        return modelFile;
    }

    /**
     * The digest of what this model's scores depend on ({@link ModelFingerprint}): equal for the same files and
     * max length in any process.
     */
    public String fingerprint() {
        return fingerprint;
    }

    public int maxLength() {
        return tokenizer.maxLength();
    }

    public String executionProvider() {
        return executionProvider;
    }

    /** Texts waiting for a run. */
    public int queued() {
        return batcher.queued();
    }

    /**
     * Stops the engine without freeing it: texts not yet answered fail with {@link ModelClosedException}, runs in
     * progress are terminated, and this returns once none is inside ONNX Runtime. For a process that must exit
     * while requests still hold the model; the session and tokenizer stay open for whoever still holds them.
     */
    public void halt() {
        batcher.close();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the batcher, then the session and the tokenizer; a second call does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return; // a session closed twice is a double free in ONNX Runtime's native code
        }
        batcher.close();
        try {
            classifier.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "closing the ONNX session of " + name, e);
        }
        tokenizer.close();
    }
}
