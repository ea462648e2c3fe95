package io.sentio.bench;

import io.sentio.evaluation.boundary.Evaluate;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The engine's ceiling on this machine: the inference core in-process, no HTTP, on a fixed corpus.
 * Usage: EngineCeiling MODEL_DIR DATA.tsv OUT.json [-Dprecision=int8] [-Dquick=true].
 * <p>
 * Tries every way of running the engine the service could use (one run with all cores' threads, or one
 * single-threaded run per core in parallel) at length-sorted batch sizes 1 to 64, and reports the best
 * as the ceiling. Tokenization is included in every texts/s figure.
 * <p>
 * {@code -Dquick=true} measures only the service's own layout (one single-threaded run per core): length-sorted
 * batches of 32, the dynamic batcher and the single text, in under a minute. The benchmark runs it right before
 * and after service runs, so that a service figure is compared with engine figures taken a minute apart.
 */
public final class EngineCeiling {

    private record Layout(int threads, int parallelRuns) {
        @Override
        public String toString() {
            return parallelRuns + " x " + threads + "-thread";
        }
    }

    private EngineCeiling() {
    }

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        List<String> texts = LabelledFile.read(Path.of(args[1]), ModelConfigReader.read(modelDir).labels()).stream()
                .map(LabelledText::text).toList();
        String precision = System.getProperty("precision", "int8");
        int cores = Runtime.getRuntime().availableProcessors();
        // the server's CPU settings: the ceiling is measured with what the service runs
        EngineSettings service = Evaluate.serverSettings(precision, null);
        List<String> rows = new ArrayList<>();
        double best = 0;
        String bestRow = "";
        double singleMs = Double.MAX_VALUE;
        boolean quick = Boolean.getBoolean("quick");
        List<Layout> layouts = quick ? List.of(new Layout(1, cores)) : List.of(new Layout(cores, 1), new Layout(1, cores));
        for (Layout layout : layouts) {
            EngineSettings settings = settings(service, layout);
            try (SentimentModel model = SentimentModel.load(modelDir, settings, BatchObserver.NONE);
                 TextTokenizer tokenizer = new TextTokenizer(modelDir.resolve("tokenizer.json"), model.maxLength());
                 OnnxClassifier engine = new OnnxClassifier(model.modelFile(), settings)) {
                runSorted(tokenizer, engine, texts, 32, layout.parallelRuns()); // warm-up
                for (int batch : quick ? new int[]{32} : new int[]{1, 8, 16, 32, 64}) {
                    double[] runs = new double[3];
                    for (int r = 0; r < runs.length; r++) {
                        runs[r] = runSorted(tokenizer, engine, texts, batch, layout.parallelRuns());
                    }
                    double median = median(runs);
                    rows.add(String.format(Locale.ROOT, "{\"mode\": \"length-sorted batches\", \"layout\": \"%s\", "
                            + "\"batch_size\": %d, \"texts_per_second\": %.1f}", layout, batch, median));
                    System.out.printf(Locale.ROOT, "engine %s, length-sorted batches of %2d: %.1f texts/s%n", layout, batch, median);
                    if (median > best) {
                        best = median;
                        bestRow = String.format(Locale.ROOT, "\"ceiling_layout\": \"%s\", \"ceiling_batch_size\": %d", layout, batch);
                    }
                }
                double[] runs = new double[3];
                for (int r = 0; r < runs.length; r++) {
                    long start = System.nanoTime();
                    model.analyze(texts).get();
                    runs[r] = texts.size() / ((System.nanoTime() - start) / 1e9);
                }
                double batched = median(runs);
                System.out.printf(Locale.ROOT, "core %s with its dynamic batcher, all texts submitted at once: %.1f texts/s%n",
                        layout, batched);
                rows.add(String.format(Locale.ROOT, "{\"mode\": \"dynamic batcher\", \"layout\": \"%s\", \"batch_size\": %d, "
                        + "\"texts_per_second\": %.1f}", layout, settings.maxBatchSize(), batched));
                if (batched > best) {
                    best = batched;
                    bestRow = String.format(Locale.ROOT, "\"ceiling_layout\": \"%s\", \"ceiling_batch_size\": %d",
                            layout, settings.maxBatchSize());
                }
                // one text at a time over the whole corpus, in the order the load generator sends it: the
                // engine's run alone, and the core's whole path (tokenizer, batcher, run, scores)
                double[] runOnly = new double[texts.size()];
                double[] corePath = new double[texts.size()];
                for (int i = 0; i < texts.size(); i++) {
                    Encoded e = tokenizer.encode(texts.get(i));
                    long start = System.nanoTime();
                    engine.run(List.of(e), null);
                    runOnly[i] = (System.nanoTime() - start) / 1e6;
                    start = System.nanoTime();
                    model.analyze(List.of(texts.get(i))).get();
                    corePath[i] = (System.nanoTime() - start) / 1e6;
                }
                double single = median(corePath);
                System.out.printf(Locale.ROOT, "single text in-process, %d-thread run, median over the corpus: "
                        + "%.2f ms through the core (tokenizer, batcher, run, scores), %.2f ms the run alone%n",
                        layout.threads(), single, median(runOnly));
                rows.add(String.format(Locale.ROOT, "{\"mode\": \"single text latency\", \"threads\": %d, \"ms\": %.2f, "
                        + "\"run_only_ms\": %.2f}", layout.threads(), single, median(runOnly)));
                singleMs = Math.min(singleMs, single);
            }
        }
        Files.writeString(Path.of(args[2]), String.format(Locale.ROOT,
                "{\"texts\": %d, \"precision\": \"%s\", \"ceiling_texts_per_second\": %.1f, %s, \"single_text_ms\": %.2f, "
                        + "\"runs\": [%s]}%n",
                texts.size(), precision, best, bestRow, singleMs, String.join(", ", rows)));
    }

    private static EngineSettings settings(EngineSettings service, Layout layout) {
        return service.with(new EngineSettings.Overrides(layout.threads(), null, null, layout.parallelRuns(), null, null,
                null, null, 4096, null, null, null));
    }

    /** Tokenizes the corpus, sorts it by length and runs it in batches, {@code parallel} runs at a time. */
    private static double runSorted(TextTokenizer tokenizer, OnnxClassifier engine, List<String> texts, int batch,
                                    int parallel) throws Exception {
        long start = System.nanoTime();
        List<Encoded> encoded = new ArrayList<>(texts.stream().map(tokenizer::encode).toList());
        encoded.sort(Comparator.comparingInt(Encoded::length));
        ConcurrentLinkedQueue<List<Encoded>> batches = new ConcurrentLinkedQueue<>();
        for (int from = 0; from < encoded.size(); from += batch) {
            batches.add(encoded.subList(from, Math.min(encoded.size(), from + batch)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                workers.add(pool.submit(() -> {
                    for (List<Encoded> next = batches.poll(); next != null; next = batches.poll()) {
                        engine.run(next, null);
                    }
                    return null;
                }));
            }
            for (Future<Void> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
        return texts.size() / ((System.nanoTime() - start) / 1e9);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
