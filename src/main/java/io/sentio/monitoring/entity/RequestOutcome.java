package io.sentio.monitoring.entity;

/**
 * One answered analysis request.
 *
 * @param status    HTTP status
 * @param millis    time from arrival to answer
 * @param texts     texts analyzed (0 when rejected)
 * @param errorType kind of error ({@code bad_input}, {@code timeout}, ...); {@code null} for success
 */
public record RequestOutcome(int status, double millis, int texts, String errorType) {
}
