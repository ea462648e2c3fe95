package io.sentio.bench;

import io.sentio.evaluation.boundary.Evaluate;
import io.sentio.evaluation.control.LabelledFile;
import io.sentio.evaluation.entity.LabelledText;
import io.sentio.inference.control.ModelConfigReader;
import io.sentio.inference.control.OnnxClassifier;
import io.sentio.inference.control.TextTokenizer;
import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.inference.entity.ModelConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Several model folders (forms of one model) measured side by side in one process, every batch run by every form
 * in turn, so that this machine's drift (10-20% within minutes) hits them alike.
 * Usage: InterleavedForms OUT.json DATA.tsv ROUNDS MODEL_DIR...
 * <p>
 * The service's layout: one single-threaded run per core in parallel, length-sorted batches of 32, tokenization
 * included. Each round times every form over the whole corpus; a worker takes the next batch and runs it through
 * each form, starting with a different form each time. A form's texts/s is the corpus over its share of the
 * workers' time. Then each text alone through each form in turn, on one thread: the run's median milliseconds.
 * Writes per form the texts/s of every round and the single-text median; the ratios are left to the report.
 */
public final class InterleavedForms {

    private record Form(String name, TextTokenizer tokenizer, OnnxClassifier engine) {
    }

    private InterleavedForms() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path data = Path.of(args[1]);
        int rounds = Integer.parseInt(args[2]);
        int cores = Runtime.getRuntime().availableProcessors();
        EngineSettings settings = Evaluate.serverSettings("int8", null).with(new EngineSettings.Overrides(
                1, null, null, cores, null, null, null, null, 4096, null, null, null));
        List<Form> forms = new ArrayList<>();
        List<String> texts = null;
        try {
            for (int i = 3; i < args.length; i++) {
                Path dir = Path.of(args[i]);
                ModelConfig config = ModelConfigReader.read(dir);
                if (texts == null) {
                    texts = LabelledFile.read(data, config.labels()).stream().map(LabelledText::text).toList();
                }
                TextTokenizer tokenizer = new TextTokenizer(dir.resolve("tokenizer.json"),
                        Math.min(config.maxLength(), settings.maxLength()));
                forms.add(new Form(dir.getFileName().toString(), tokenizer,
                        new OnnxClassifier(dir.resolve(ModelConfig.DEFAULT_FILE), settings)));
            }
            List<List<String>> batches = sortedBatches(forms.get(0).tokenizer(), texts, 32);
            runRound(forms, batches, cores); // warm-up
            double[][] perRound = new double[forms.size()][rounds];
            for (int r = 0; r < rounds; r++) {
                long[] nanos = runRound(forms, batches, cores);
                StringBuilder line = new StringBuilder("round " + (r + 1) + ":");
                for (int f = 0; f < forms.size(); f++) {
                    perRound[f][r] = texts.size() / (nanos[f] / 1e9 / cores);
                    line.append(String.format(Locale.ROOT, " %s %.1f", forms.get(f).name(), perRound[f][r]));
                }
                System.out.println(line);
            }
            double[] singleMs = single(forms, texts);
            List<String> rows = new ArrayList<>();
            for (int f = 0; f < forms.size(); f++) {
                rows.add(String.format(Locale.ROOT, "{\"form\": \"%s\", \"texts_per_second\": [%s], \"single_run_ms\": %.3f}",
                        forms.get(f).name(), String.join(", ", Arrays.stream(perRound[f])
                                .mapToObj(v -> String.format(Locale.ROOT, "%.1f", v)).toList()), singleMs[f]));
                System.out.printf(Locale.ROOT, "%s: single text, the run alone, median %.3f ms%n", forms.get(f).name(),
                        singleMs[f]);
            }
            Files.writeString(out, String.format(Locale.ROOT, "{\"texts\": %d, \"layout\": \"%d x 1-thread\", "
                    + "\"batch_size\": 32, \"rounds\": %d, \"forms\": [%s]}%n", texts.size(), cores, rounds,
                    String.join(", ", rows)));
        } finally {
            for (Form form : forms) {
                form.engine().close();
                form.tokenizer().close();
            }
        }
    }

    /** The corpus in batches of texts of similar token length. */
    private static List<List<String>> sortedBatches(TextTokenizer tokenizer, List<String> texts, int size) {
        List<String> sorted = new ArrayList<>(texts);
        sorted.sort(Comparator.comparingInt(text -> tokenizer.encode(text).length()));
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < sorted.size(); from += size) {
            batches.add(sorted.subList(from, Math.min(sorted.size(), from + size)));
        }
        return batches;
    }

    /** Every batch through every form, by {@code parallel} workers; the nanoseconds each form took in all. */
    private static long[] runRound(List<Form> forms, List<List<String>> batches, int parallel) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLongArray nanos = new AtomicLongArray(forms.size());
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int w = 0; w < parallel; w++) {
                workers.add(pool.submit(() -> {
                    for (int b = next.getAndIncrement(); b < batches.size(); b = next.getAndIncrement()) {
                        for (int k = 0; k < forms.size(); k++) {
                            int f = (b + k) % forms.size();
                            Form form = forms.get(f);
                            long start = System.nanoTime();
                            List<Encoded> encoded = batches.get(b).stream().map(form.tokenizer()::encode).toList();
                            form.engine().run(encoded, null);
                            nanos.addAndGet(f, System.nanoTime() - start);
                        }
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
        long[] result = new long[forms.size()];
        for (int f = 0; f < result.length; f++) {
            result[f] = nanos.get(f);
        }
        return result;
    }

    /** Each text alone through each form in turn, on one thread: the median run, in milliseconds, per form. */
    private static double[] single(List<Form> forms, List<String> texts) throws Exception {
        double[][] ms = new double[forms.size()][texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            for (int k = 0; k < forms.size(); k++) {
                int f = (i + k) % forms.size();
                Encoded encoded = forms.get(f).tokenizer().encode(texts.get(i));
                long start = System.nanoTime();
                forms.get(f).engine().run(List.of(encoded), null);
                ms[f][i] = (System.nanoTime() - start) / 1e6;
            }
        }
        return Arrays.stream(ms).mapToDouble(EngineCeiling::median).toArray();
    }
}
