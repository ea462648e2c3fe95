package io.sentio.inference.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ModelFingerprintTest {

    @TempDir
    Path dir;

    private String fingerprint(int maxLength) throws IOException {
        return ModelFingerprint.of(dir.resolve("model.onnx"), dir.resolve("tokenizer.json"), dir.resolve("config.json"),
                maxLength);
    }

    @Test
    void sameFilesAndMaxLengthGiveTheSameDigestAndAnyChangeAnother() throws IOException {
        Files.writeString(dir.resolve("model.onnx"), "weights");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        Files.writeString(dir.resolve("config.json"), "{\"id2label\":{}}");
        String first = fingerprint(128);
        assertEquals(first, fingerprint(128));
        assertEquals(64, first.length());

        assertNotEquals(first, fingerprint(512));
        Files.writeString(dir.resolve("config.json"), "{\"id2label\":{\"0\":\"NEG\"}}");
        String relabelled = fingerprint(128);
        assertNotEquals(first, relabelled);
        // bytes moved from one file to the next are another model
        Files.writeString(dir.resolve("model.onnx"), "weight");
        Files.writeString(dir.resolve("tokenizer.json"), "s{}");
        assertNotEquals(relabelled, fingerprint(128));
    }
}
