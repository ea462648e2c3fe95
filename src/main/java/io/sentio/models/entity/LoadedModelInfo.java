package io.sentio.models.entity;

import jakarta.json.bind.annotation.JsonbNillable;

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
 * @param memoryMb          what it counts against the memory budget: its load (measured, else estimated) and
 *                          its runs' working memory
 * @param measuredLoadMb    what loading it added to resident memory, a heap that shrank meanwhile added back
 *                          ({@code null}: not measured)
 * @param estimatedLoadMb   what loading it was expected to add, judged from its files before loading
 * @param workMb            the working memory its runs may hold (parallel runs x token budget x bytes per token)
 */
@JsonbNillable
public record LoadedModelInfo(String name, long loadMillis, Instant loadedAt, Instant lastUsed, int inUse,
                              String precision, int maxLength, String executionProvider, int queued, long memoryMb,
                              Long measuredLoadMb, long estimatedLoadMb, long workMb) {
}
