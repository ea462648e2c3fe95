package io.sentio.monitoring.entity;

/**
 * One answered analysis request.
 *
 * @param status    HTTP status
 * @param millis    time from arrival to answer
 * @param texts     texts analyzed (0 when rejected)
 * @param errorType kind of error (a problem kind's metric label: {@code invalid_request}, {@code timeout}, ...); {@code null} for success
 */
public record RequestOutcome(int status, double millis, int texts, String errorType) {
}
