package io.sentio.bench;

import io.sentio.evaluation.boundary.Evaluate;
import io.sentio.evaluation.control.LabelledFile;
import io.sentio.evaluation.entity.LabelledText;
import io.sentio.inference.control.ModelConfigReader;
import io.sentio.inference.entity.ModelConfig;
import io.sentio.inference.control.OnnxClassifier;
import io.sentio.inference.control.TextTokenizer;
import io.sentio.inference.entity.Encoded;
import io.sentio.inference.entity.EngineSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One text alone through ONNX Runtime, the service's quiet case: one session per thread setting (1 thread; all
 * cores' threads spinning; all cores' threads not spinning), every text through every session in turn, so this
 * machine's drift falls on all of them alike. Reports the median run per setting and round.
 * <p>
 * Usage: LoneText MODEL_DIR DATA.tsv OUT.json [ROUNDS]. The ONNX Runtime on the classpath is the one measured.
 */
public final class LoneText {

    private LoneText() {
    }

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args[0]);
        List<String> texts = LabelledFile.read(Path.of(args[1]), ModelConfigReader.read(modelDir).labels()).stream()
                .map(LabelledText::text).toList();
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int cores = Runtime.getRuntime().availableProcessors();
        EngineSettings service = Evaluate.serverSettings("int8", null);
        String[] names = {"1 thread", cores + " threads spinning", cores + " threads not spinning"};
        int[] threads = {1, cores, cores};
        boolean[] spinning = {false, true, false};
        ModelConfig config = ModelConfigReader.read(modelDir);
        Path modelFile = modelDir.resolve(config.variant("int8").file());
        List<OnnxClassifier> engines = new ArrayList<>();
        try (TextTokenizer tokenizer = new TextTokenizer(modelDir.resolve("tokenizer.json"),
                config.maxLength(service.maxLength()))) {
            for (int k = 0; k < names.length; k++) {
                engines.add(new OnnxClassifier(modelFile, service.with(new EngineSettings.Overrides(threads[k], null,
                        spinning[k], null, null, null, null, null, null, null, null, null))));
            }
            List<Encoded> encoded = texts.stream().map(tokenizer::encode).toList();
            for (OnnxClassifier engine : engines) { // warm-up: every text once
                for (Encoded text : encoded) {
                    engine.run(List.of(text), null);
                }
            }
            List<String> rows = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double[][] ms = new double[names.length][encoded.size()];
                for (int i = 0; i < encoded.size(); i++) {
                    for (int k = 0; k < names.length; k++) {
                        long start = System.nanoTime();
                        engines.get(k).run(List.of(encoded.get(i)), null);
                        ms[k][i] = (System.nanoTime() - start) / 1e6;
                    }
                }
                StringBuilder line = new StringBuilder("round " + round + ":");
                for (int k = 0; k < names.length; k++) {
                    double median = EngineCeiling.median(ms[k]);
                    line.append(String.format(Locale.ROOT, " %s %.2f ms;", names[k], median));
                    rows.add(String.format(Locale.ROOT, "{\"round\": %d, \"threads\": %d, \"spinning\": %b, "
                            + "\"median_ms\": %.3f}", round, threads[k], spinning[k], median));
                }
                System.out.println(line);
            }
            Files.writeString(Path.of(args[2]), String.format(Locale.ROOT, "{\"texts\": %d, \"runs\": [%s]}%n",
                    encoded.size(), String.join(", ", rows)));
        } finally {
            for (OnnxClassifier engine : engines) {
                engine.close();
            }
        }
    }
}
