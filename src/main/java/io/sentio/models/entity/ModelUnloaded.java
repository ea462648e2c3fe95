package io.sentio.models.entity;

/** The answer to an admin's {@code POST /api/models/{name}/unload}; {@code unloaded} is false when it was not loaded. */
public record ModelUnloaded(String model, boolean unloaded) {
}
