package io.sentio.evaluation.control;

import io.sentio.evaluation.entity.EvaluationReport;
import io.sentio.evaluation.entity.LabelledText;
import io.sentio.inference.control.BatchObserver;
import io.sentio.inference.control.OnnxClassifier;
import io.sentio.inference.control.Scorer;
import io.sentio.inference.control.SentimentModel;
import io.sentio.inference.control.TextTooLongException;
import io.sentio.inference.entity.LongText;
import io.sentio.inference.control.TextTokenizer;
import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.inference.entity.Prediction;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scores a model folder on labelled texts with the same inference core the server runs. */
public final class Evaluator {

    private final Path modelDir;
    private final EngineSettings settings;
    private final LongText longText;

    /**
     * Scores with these settings (build them as the server does, from the device's defaults and overrides) and the
     * server's default long-text policy.
     */
    public Evaluator(Path modelDir, EngineSettings settings) {
        this(modelDir, settings, LongText.defaults());
    }

    /** Scores reading long texts as {@code longText} says. */
    public Evaluator(Path modelDir, EngineSettings settings, LongText longText) {
        this.modelDir = modelDir;
        this.settings = settings;
        this.longText = longText;
    }

    public EvaluationReport evaluate(List<LabelledText> rows, int batchCheck) throws Exception {
        try (SentimentModel model = SentimentModel.load(modelDir, settings, BatchObserver.NONE)) {
            List<String> texts = rows.stream().map(LabelledText::text).toList();
            model.analyze(texts.subList(0, Math.min(16, texts.size()))).get(); // warm-up
            long start = System.nanoTime();
            List<Prediction> predictions = analyzeAll(model, texts);
            double seconds = (System.nanoTime() - start) / 1e9;
            double singleMillis = singleTextMillis(model, texts);
            double maxDiff = batchCheck > 0 ? batchIndependence(model, texts.subList(0, Math.min(batchCheck, texts.size())))
                    : Double.NaN;
            return report(model, rows, predictions, texts.size() / seconds, singleMillis, maxDiff,
                    Math.min(batchCheck, texts.size()));
        }
    }

    /**
     * Every text, submitted in slices the batcher's queue can hold, so files of any size can be scored. Texts read
     * in windows go in smaller slices, and a slice whose windows still do not fit goes one text at a time.
     */
    private List<Prediction> analyzeAll(SentimentModel model, List<String> texts) throws Exception {
        int slice = Math.max(1, settings.queueCapacity() / (longText.policy() == LongText.Policy.CHUNK ? 16 : 2));
        List<Prediction> all = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += slice) {
            List<String> part = texts.subList(from, Math.min(texts.size(), from + slice));
            try {
                all.addAll(model.analyze(part, Duration.ZERO, longText).get());
            } catch (TextTooLongException tooManyWindows) {
                for (String text : part) {
                    all.addAll(model.analyze(List.of(text), Duration.ZERO, longText).get());
                }
            }
        }
        return all;
    }

    /** Median time of one text analyzed alone (tokenization, batcher, inference), over up to 100 texts. */
    private double singleTextMillis(SentimentModel model, List<String> texts) throws Exception {
        int n = Math.min(100, texts.size());
        double[] millis = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            model.analyze(List.of(texts.get(i)), Duration.ZERO, longText).get();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        java.util.Arrays.sort(millis);
        return n == 0 ? Double.NaN : millis[n / 2];
    }

    /**
     * The largest difference in any class probability between a text run alone and the same text run
     * in one ONNX Runtime batch of 64 neighbours of mixed lengths, padded to the longest.
     */
    private double batchIndependence(SentimentModel model, List<String> texts) throws Exception {
        int maxLength = model.maxLength();
        double maxDiff = 0;
        try (TextTokenizer tokenizer = new TextTokenizer(modelDir.resolve("tokenizer.json"), maxLength);
             OnnxClassifier classifier = new OnnxClassifier(model.modelFile(), settings)) {
            List<Encoded> encoded = texts.stream().map(tokenizer::encode).toList();
            List<float[]> alone = new ArrayList<>();
            for (Encoded e : encoded) {
                alone.add(classifier.run(List.of(e), null)[0]);
            }
            for (int from = 0; from < encoded.size(); from += 64) {
                List<Encoded> batch = encoded.subList(from, Math.min(encoded.size(), from + 64));
                float[][] together = classifier.run(batch, null);
                for (int i = 0; i < batch.size(); i++) {
                    maxDiff = Math.max(maxDiff, maxProbabilityDiff(alone.get(from + i), together[i]));
                }
            }
        }
        return maxDiff;
    }

    private static double maxProbabilityDiff(float[] a, float[] b) {
        double[] pa = Scorer.softmax(a);
        double[] pb = Scorer.softmax(b);
        double max = 0;
        for (int i = 0; i < pa.length; i++) {
            max = Math.max(max, Math.abs(pa[i] - pb[i]));
        }
        return max;
    }

    private static EvaluationReport report(SentimentModel model, List<LabelledText> rows, List<Prediction> predictions,
                                           double textsPerSecond, double singleMillis, double maxDiff, int checked) {
        List<String> labels = model.config().labels();
        int correct = 0;
        Map<String, int[]> counts = new LinkedHashMap<>(); // support, predicted, true positives
        labels.forEach(l -> counts.put(l, new int[3]));
        for (int i = 0; i < rows.size(); i++) {
            String expected = rows.get(i).label();
            String got = predictions.get(i).label();
            counts.get(expected)[0]++;
            counts.get(got)[1]++;
            if (expected.equals(got)) {
                correct++;
                counts.get(got)[2]++;
            }
        }
        Map<String, EvaluationReport.ClassStats> perClass = new LinkedHashMap<>();
        counts.forEach((label, c) -> perClass.put(label, new EvaluationReport.ClassStats(c[0], c[1],
                c[1] == 0 ? Double.NaN : (double) c[2] / c[1], c[0] == 0 ? Double.NaN : (double) c[2] / c[0])));
        return new EvaluationReport(model.name(), model.precision(), rows.size(), (double) correct / rows.size(),
                perClass, textsPerSecond, singleMillis, maxDiff, checked, predictions);
    }
}
