package io.sentio.models.control;

import io.sentio.inference.control.ModelConfigReader;
import io.sentio.inference.entity.ModelConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model folders' configurations for the info endpoints, read again only when {@code config.json} or
 * {@code tokenizer.json} changes: reading one parses the tokenizer file too (0.7 MB for the shipped models,
 * about 35 ms of CPU), which {@code GET /api/models} did for every folder on every call.
 */
final class ModelConfigs {

    private record Read(FileTime config, FileTime tokenizer, ModelConfig value) {
    }

    private final Map<Path, Read> read = new ConcurrentHashMap<>();

    /** The configuration of the model folder {@code dir}, as {@link ModelConfigReader#read} gives it. */
    ModelConfig of(Path dir) throws IOException {
        FileTime config = modified(dir.resolve("config.json"));
        FileTime tokenizer = modified(dir.resolve("tokenizer.json"));
        Read known = read.get(dir);
        if (known != null && Objects.equals(known.config, config) && Objects.equals(known.tokenizer, tokenizer)) {
            return known.value;
        }
        ModelConfig value = ModelConfigReader.read(dir);
        read.put(dir, new Read(config, tokenizer, value));
        return value;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null;
        }
    }
}
