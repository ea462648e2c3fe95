package io.sentio.models.entity;

/** The answer to an admin's {@code POST /api/models/{name}/load}. */
public record ModelLoaded(String model, boolean loaded) {
}
