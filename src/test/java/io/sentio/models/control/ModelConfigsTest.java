package io.sentio.models.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ModelConfigsTest {

    private static final Path SHIPPED = Path.of("models/sentiment-e5-small");

    @Test
    void readsAFolderOnceUntilItsConfigurationChanges(@TempDir Path dir) throws Exception {
        Files.copy(SHIPPED.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
        Path config = dir.resolve("config.json");
        Files.writeString(config, "{\"id2label\": {\"0\": \"NEGATIVE\", \"1\": \"POSITIVE\"}}");
        Files.setLastModifiedTime(config, FileTime.fromMillis(1_000_000));
        ModelConfigs configs = new ModelConfigs();

        var first = configs.of(dir);
        assertEquals(List.of("NEGATIVE", "POSITIVE"), first.labels());
        assertSame(first, configs.of(dir), "unchanged files: the configuration read before");

        Files.writeString(config, "{\"id2label\": {\"0\": \"BAD\", \"1\": \"NEUTRAL\", \"2\": \"GOOD\"}}");
        Files.setLastModifiedTime(config, FileTime.fromMillis(2_000_000));
        assertEquals(List.of("BAD", "NEUTRAL", "GOOD"), configs.of(dir).labels());

        Files.delete(config);
        assertThrows(java.io.IOException.class, () -> configs.of(dir), "a folder that lost its config.json");
    }
}
