package io.sentio.models.entity;

import java.time.Instant;
import java.util.List;

/** One servable model as {@code GET /api/models} lists it. */
public record ModelSummary(String name, boolean isDefault, List<String> labels, long sizeBytes, boolean bundled,
                           boolean loaded, Instant lastUsed, Long loadTimeMs, String error) {
}
