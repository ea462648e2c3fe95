package io.sentio.evaluation.control;

import io.sentio.evaluation.entity.EvaluationReport;
import io.sentio.evaluation.entity.LabelledText;
import io.sentio.evaluation.boundary.Evaluate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluation command's core, with the shipped model on the project's own labelled reviews. */
class EvaluatorTest {

    static final Path MODEL = Path.of(System.getProperty("sentio.models.dir", "models"), "sentiment-e5-small");
    static final List<String> LABELS = List.of("NEGATIVE", "POSITIVE");

    @Test
    void scoresTheShippedModelOnLabelledReviews() throws Exception {
        List<LabelledText> rows = LabelledFile.read(Path.of("src/test/resources/reviews.tsv"), LABELS);
        assertEquals(32, rows.size());
        EvaluationReport report = new Evaluator(MODEL, Evaluate.serverSettings(null, null)).evaluate(rows, 32);
        assertTrue(report.accuracy() >= 0.9, "accuracy " + report.accuracy());
        assertEquals(16, report.perClass().get("POSITIVE").support());
        assertEquals(16, report.perClass().get("NEGATIVE").support());
        assertEquals(report.texts(), report.perClass().values().stream().mapToInt(EvaluationReport.ClassStats::predicted).sum());
        assertTrue(report.textsPerSecond() > 1, "throughput " + report.textsPerSecond());
        assertEquals(32, report.predictions().size());
        assertEquals(32, report.batchChecked());
        assertTrue(report.batchMaxDiff() <= 1e-4, "batch independence " + report.batchMaxDiff());
        assertEquals("int8", report.precision());
    }

    @Test
    void labelsAreNamesOrIndicesAndAHeaderIsSkipped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.tsv");
        Files.writeString(file, "label\tsentence\n1\tgood\nnegative\tbad\n\nPOSITIVE\tfine\n");
        List<LabelledText> rows = LabelledFile.read(file, LABELS);
        assertEquals(List.of(new LabelledText("POSITIVE", "good"), new LabelledText("NEGATIVE", "bad"),
                new LabelledText("POSITIVE", "fine")), rows);
    }

    @Test
    void unknownLabelsAreReportedWithTheirLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("data.tsv");
        Files.writeString(file, "1\tgood\n7\tbad\n");
        IOException e = assertThrows(IOException.class, () -> LabelledFile.read(file, LABELS));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
