package io.sentio.models.entity;

import java.nio.file.Path;

/**
 * A servable model on disk: a folder with {@code model.onnx}, {@code tokenizer.json} and {@code config.json}.
 *
 * @param name      the folder's name, which clients use
 * @param dir       where it is
 * @param sizeBytes size of the folder's files on disk
 * @param bundled   whether it came inside the WAR
 */
public record ModelFolder(String name, Path dir, long sizeBytes, boolean bundled) {

    public static final String[] REQUIRED_FILES = {"model.onnx", "tokenizer.json", "config.json"};
}
