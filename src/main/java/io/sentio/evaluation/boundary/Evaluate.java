package io.sentio.evaluation.boundary;

import io.sentio.device.entity.Device;
import io.sentio.evaluation.control.Evaluator;
import io.sentio.evaluation.control.LabelledFile;
import io.sentio.evaluation.entity.EvaluationReport;
import io.sentio.inference.control.ModelConfigReader;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.inference.entity.LongText;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line: scores a model folder on a {@code label<TAB>text} file.
 * <pre>
 * mvn -q compile exec:java -Dexec.args="MODEL_DIR DATA.tsv [--precision int8|float16|float32] [--max-length N]
 *     [--truncation head|head_tail|chunk] [--max-text-tokens N] [--batch-check N] [--json OUT.json]
 *     [--predictions OUT.tsv]"
 * </pre>
 * It runs with the server's CPU settings ({@link Device#cpu}), overridden only by the flags given, so its
 * scores are the server's. {@code --max-length} is capped, like the server's, by the limit the model's files state.
 */
public final class Evaluate {

    private Evaluate() {
    }

    public static void main(String[] args) throws Exception {
        List<String> positional = new ArrayList<>();
        String precision = null;
        Integer maxLength = null;
        int batchCheck = 0;
        Path json = null;
        Path predictions = null;
        LongText.Policy truncation = LongText.defaults().policy();
        int maxTextTokens = LongText.defaults().maxTokens();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--precision" -> precision = args[++i];
                case "--max-length" -> maxLength = Integer.parseInt(args[++i]);
                case "--truncation" -> truncation = LongText.Policy.parse(args[++i]);
                case "--max-text-tokens" -> maxTextTokens = Integer.parseInt(args[++i]);
                case "--batch-check" -> batchCheck = Integer.parseInt(args[++i]);
                case "--json" -> json = Path.of(args[++i]);
                case "--predictions" -> predictions = Path.of(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        if (positional.size() != 2 || truncation == null) {
            System.err.println("usage: Evaluate MODEL_DIR DATA.tsv [--precision int8|float16|float32] "
                    + "[--max-length N (at most the model's own)] [--truncation head|head_tail|chunk] "
                    + "[--max-text-tokens N] [--batch-check N] [--json OUT.json] "
                    + "[--predictions OUT.tsv]");
            System.exit(2);
        }
        Path modelDir = Path.of(positional.get(0));
        Path data = Path.of(positional.get(1));
        var rows = LabelledFile.read(data, ModelConfigReader.read(modelDir).labels());
        EngineSettings settings = serverSettings(precision, maxLength);
        EvaluationReport report = new Evaluator(modelDir, settings, new LongText(truncation, maxTextTokens))
                .evaluate(rows, batchCheck);
        System.out.print(text(report, data));
        if (json != null) {
            Files.writeString(json, json(report, data, truncation));
        }
        if (predictions != null) {
            Files.write(predictions, report.predictions().stream()
                    .map(p -> p.label() + "\t" + String.format(Locale.ROOT, "%.6f", p.score())).toList());
        }
    }

    /** The server's CPU settings with the command's overrides: the same engine the server runs. */
    public static EngineSettings serverSettings(String precision, Integer maxLength) {
        return Device.cpu("the evaluation command").defaults().with(new EngineSettings.Overrides(null, null, null,
                null, null, null, null, null, null, null, maxLength, precision));
    }

    static String text(EvaluationReport r, Path data) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "model %s (%s) on %s: %d texts%n", r.model(), r.precision(), data, r.texts()));
        out.append(String.format(Locale.ROOT, "accuracy %.4f%n", r.accuracy()));
        r.perClass().forEach((label, s) -> out.append(String.format(Locale.ROOT,
                "  %-12s precision %.4f  recall %.4f  (support %d, predicted %d)%n",
                label, s.precision(), s.recall(), s.support(), s.predicted())));
        out.append(String.format(Locale.ROOT, "throughput %.1f texts/s (all texts at once); single text %.2f ms (median)%n",
                r.textsPerSecond(), r.singleTextMs()));
        if (r.batchChecked() > 0) {
            out.append(String.format(Locale.ROOT, "batch independence: max |p(alone) - p(in batch of 64)| = %.2e over %d texts%n",
                    r.batchMaxDiff(), r.batchChecked()));
        }
        return out.toString();
    }

    /** The report as JSON; {@code data} names the file with its folder ({@code imdb/dev.tsv}). */
    static String json(EvaluationReport r, Path data, LongText.Policy truncation) {
        StringBuilder classes = new StringBuilder();
        r.perClass().forEach((label, s) -> classes.append(classes.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT,
                "\"%s\": {\"precision\": %s, \"recall\": %s, \"support\": %d}", label, number(s.precision()),
                number(s.recall()), s.support())));
        Path named = data.toAbsolutePath().normalize();
        String file = named.getParent() == null ? named.getFileName().toString()
                : named.getParent().getFileName() + "/" + named.getFileName();
        return String.format(Locale.ROOT, "{\"model\": \"%s\", \"precision\": \"%s\", \"truncation\": \"%s\", "
                        + "\"data\": \"%s\", \"texts\": %d, "
                        + "\"accuracy\": %.6f, \"per_class\": {%s}, \"texts_per_second\": %.2f, "
                        + "\"single_text_ms\": %.3f, \"batch_max_diff\": %s, \"batch_checked\": %d}%n",
                r.model(), r.precision(), truncation.wire(), file, r.texts(), r.accuracy(), classes, r.textsPerSecond(),
                r.singleTextMs(), number(r.batchMaxDiff()), r.batchChecked());
    }

    private static String number(double value) {
        return Double.isNaN(value) ? "null" : String.format(Locale.ROOT, "%.6g", value);
    }
}
