package io.sentio.inference.control;

import io.sentio.inference.entity.ModelConfig;
import io.sentio.inference.entity.ScoreFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading what a model folder says about itself. */
class ModelConfigReaderTest {

    @TempDir
    Path dir;

    ModelConfig read(String config, String tokenizer) throws IOException {
        Files.writeString(dir.resolve("config.json"), config);
        if (tokenizer != null) {
            Files.writeString(dir.resolve("tokenizer.json"), tokenizer);
        }
        return ModelConfigReader.read(dir);
    }

    @Test
    void theShippedModel() throws IOException {
        ModelConfig shipped = ModelConfigReader.read(Path.of(System.getProperty("sentio.models.dir", "models"),
                "sentiment-e5-small"));
        assertEquals(List.of("NEGATIVE", "POSITIVE"), shipped.labels());
        assertEquals(ScoreFunction.SOFTMAX, shipped.scoring());
        assertEquals(256, shipped.maxLength());
        assertEquals("model.onnx", shipped.variants().get("int8"));
    }

    @Test
    void labelsInIdOrderAndTheSmallestStatedLimit() throws IOException {
        ModelConfig c = read("{\"id2label\": {\"2\": \"c\", \"0\": \"a\", \"1\": \"b\"}, \"problem_type\": "
                        + "\"multi_label_classification\", \"max_position_embeddings\": 512, \"max_length\": 256}",
                "{\"truncation\": {\"max_length\": 200}}");
        assertEquals(List.of("a", "b", "c"), c.labels());
        assertEquals(ScoreFunction.SIGMOID, c.scoring());
        assertEquals(200, c.maxLength());
        assertEquals(Map.of(), c.variants());
    }

    @Test
    void withoutId2labelGenericLabelsAndTheFallbackLimit() throws IOException {
        ModelConfig c = read("{\"num_labels\": 3}", null);
        assertEquals(List.of("LABEL_0", "LABEL_1", "LABEL_2"), c.labels());
        assertEquals(ModelConfigReader.FALLBACK_MAX_LENGTH, c.maxLength());
    }

    @Test
    void brokenFilesAreReportedByName() {
        IOException notJson = assertThrows(IOException.class, () -> read("{not json", null));
        assertTrue(notJson.getMessage().startsWith("config.json"), notJson.getMessage());
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class,
                () -> read("{\"id2label\": {\"0\": \"a\", \"2\": \"c\"}}", null));
        assertTrue(gap.getMessage().contains("id2label"), gap.getMessage());
    }
}
