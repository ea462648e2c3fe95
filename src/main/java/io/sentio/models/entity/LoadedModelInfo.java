package io.sentio.models.entity;

import java.time.Instant;

/**
 * A model in the registry's cache, as it really runs.
 *
 * @param name              model name
 * @param loadMillis        how long loading took
 * @param loadedAt          when it was loaded
 * @param lastUsed          when a request last used it
 * @param inUse             requests using it right now
 * @param precision         the precision of the ONNX file it runs
 * @param maxLength         tokens per text it reads at most
 * @param executionProvider the ONNX Runtime execution provider of its session
 * @param queued            texts waiting for its engine now
 */
public record LoadedModelInfo(String name, long loadMillis, Instant loadedAt, Instant lastUsed, int inUse,
                              String precision, int maxLength, String executionProvider, int queued) {
}
