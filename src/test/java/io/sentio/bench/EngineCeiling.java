package io.sentio.bench;

import io.sentio.evaluation.control.LabelledFile;
import io.sentio.evaluation.entity.LabelledText;
import io.sentio.inference.control.BatchObserver;
import io.sentio.inference.control.ModelConfigReader;
import io.sentio.inference.control.OnnxClassifier;
import io.sentio.inference.control.SentimentModel;
import io.sentio.inference.control.TextTokenizer;
import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.EngineSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The engine's ceiling on this machine: the inference core in-process, no HTTP, on a fixed corpus.
 * Usage: EngineCeiling MODEL_DIR DATA.tsv OUT.json [-Dthreads=N]. Tokenization is included in every figure.
 */
public final class EngineCeiling {

    private EngineCeiling() {
    }

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        List<String> texts = LabelledFile.read(Path.of(args[1]), ModelConfigReader.read(modelDir).labels()).stream()
                .map(LabelledText::text).toList();
        EngineSettings defaults = EngineSettings.cpuDefaults();
        int threads = Integer.getInteger("threads", defaults.intraOpThreads());
        EngineSettings settings = new EngineSettings(threads, 1, false, defaults.maxBatchSize(), defaults.tokenBudget(),
                defaults.maxWait(), defaults.queueCapacity(), true, 0);
        List<String> rows = new ArrayList<>();
        double best = 0;
        int bestBatch = 0;
        String precision = System.getProperty("precision", "int8");
        try (SentimentModel model = SentimentModel.load(modelDir, precision, settings, false, BatchObserver.NONE);
             TextTokenizer tokenizer = new TextTokenizer(modelDir.resolve("tokenizer.json"), model.maxLength());
             OnnxClassifier engine = new OnnxClassifier(model.modelFile(), settings, false)) {
            runSorted(tokenizer, engine, texts, 32); // warm-up
            for (int batch : new int[]{1, 8, 16, 32, 64}) {
                double[] runs = new double[3];
                for (int r = 0; r < runs.length; r++) {
                    runs[r] = runSorted(tokenizer, engine, texts, batch);
                }
                double median = median(runs);
                rows.add(String.format(Locale.ROOT, "{\"mode\": \"length-sorted batches\", \"batch_size\": %d, \"texts_per_second\": %.1f}",
                        batch, median));
                System.out.printf(Locale.ROOT, "engine, length-sorted batches of %2d: %.1f texts/s%n", batch, median);
                if (median > best) {
                    best = median;
                    bestBatch = batch;
                }
            }
            double[] runs = new double[3];
            for (int r = 0; r < runs.length; r++) {
                long start = System.nanoTime();
                model.analyze(texts).get();
                runs[r] = texts.size() / ((System.nanoTime() - start) / 1e9);
            }
            System.out.printf(Locale.ROOT, "core with its dynamic batcher, all texts submitted at once: %.1f texts/s%n", median(runs));
            rows.add(String.format(Locale.ROOT, "{\"mode\": \"dynamic batcher\", \"batch_size\": %d, \"texts_per_second\": %.1f}",
                    settings.maxBatchSize(), median(runs)));
            long single = 0;
            double[] singles = new double[200];
            for (int i = 0; i < singles.length; i++) {
                Encoded e = tokenizer.encode(texts.get(i % texts.size()));
                long start = System.nanoTime();
                engine.run(List.of(e), null);
                singles[i] = (System.nanoTime() - start) / 1e6;
            }
            double singleMs = median(singles);
            System.out.printf(Locale.ROOT, "single text in-process (inference only), median of 200: %.2f ms%n", singleMs);
            Files.writeString(Path.of(args[2]), String.format(Locale.ROOT,
                    "{\"texts\": %d, \"ceiling_texts_per_second\": %.1f, \"ceiling_batch_size\": %d, "
                            + "\"single_text_ms\": %.2f, \"threads\": %d, \"runs\": [%s]}%n",
                    texts.size(), best, bestBatch, singleMs, settings.intraOpThreads(), String.join(", ", rows)));
        }
    }

    private static double runSorted(TextTokenizer tokenizer, OnnxClassifier engine, List<String> texts, int batch)
            throws Exception {
        long start = System.nanoTime();
        List<Encoded> encoded = new ArrayList<>(texts.stream().map(tokenizer::encode).toList());
        encoded.sort(Comparator.comparingInt(Encoded::length));
        for (int from = 0; from < encoded.size(); from += batch) {
            engine.run(encoded.subList(from, Math.min(encoded.size(), from + batch)), null);
        }
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
