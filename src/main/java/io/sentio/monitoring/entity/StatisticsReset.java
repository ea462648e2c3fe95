package io.sentio.monitoring.entity;

/** The answer to {@code POST /api/performance/reset}. */
public record StatisticsReset(boolean reset) {
}
