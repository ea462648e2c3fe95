package io.sentio.models.entity;

import java.util.List;

/** The answer to {@code GET /api/models}: every servable model. */
public record ModelList(List<ModelSummary> models) {
}
