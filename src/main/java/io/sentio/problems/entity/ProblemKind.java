package io.sentio.problems.entity;

/**
 * Every kind of failure Sentio answers, with everything its answer needs: HTTP status, problem type, title,
 * the label it is counted under in metrics and statistics, and its default Retry-After. The one table from
 * failure to answer.
 */
public enum ProblemKind {
    INVALID_REQUEST(400, "invalid-request", "Invalid request", 0),
    UNAUTHORIZED(401, "unauthorized", "Unauthorized", 0),
    FORBIDDEN(403, "forbidden", "Forbidden", 0),
    UNKNOWN_MODEL(404, "unknown-model", "Unknown model", 0),
    NOT_FOUND(404, "not-found", "Not found", 0),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed", 0),
    NOT_ACCEPTABLE(406, "not-acceptable", "Not acceptable", 0),
    TIMEOUT(408, "timeout", "Request timeout", 0),
    SLOW_REQUEST(408, "slow-request", "Request sent too slowly", 0),
    TOO_LARGE(413, "too-large", "Request too large", 0),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type", 0),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests", 1),
    QUEUE_FULL(429, "queue-full", "Too many requests", 1),
    RATE_LIMITED(429, "rate-limited", "Rate limit exceeded", 1),
    MODEL_UNAVAILABLE(503, "model-unavailable", "Model unavailable", 10),
    MISCONFIGURED(503, "misconfigured", "Service misconfigured", 0),
    SHUTTING_DOWN(503, "shutting-down", "Shutting down", 1),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable", 0),
    MODEL_TOO_LARGE(507, "model-too-large", "Model too large for the memory budget", 0),
    INFERENCE_FAILED(500, "inference-failed", "Inference failed", 0),
    INTERNAL(500, "internal", "Internal error", 0);

    public static final String TYPE_BASE = "https://sentio.io/problems/";

    private final int status;
    private final String type;
    private final String title;
    private final int retryAfterSeconds;

    ProblemKind(int status, String type, String title, int retryAfterSeconds) {
        this.status = status;
        this.type = type;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int status() {
        return status;
    }

    /** The problem type URI of RFC 9457. */
    public String typeUri() {
        return TYPE_BASE + type;
    }

    public String title() {
        return title;
    }

    /** The same name as the problem type, as metrics and statistics count it: {@code invalid_request}. */
    public String metricLabel() {
        return type.replace('-', '_');
    }

    /** Seconds a client should wait before retrying; 0 when retrying the same request cannot help. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /**
     * The kind an HTTP status produced by the runtime itself (no route, wrong method, a servlet that failed)
     * stands for: only the generic kinds, never one that Sentio's own code decides (an unknown model, a full
     * queue, a failed inference).
     */
    public static ProblemKind forStatus(int status) {
        for (ProblemKind kind : GENERIC) {
            if (kind.status == status) {
                return kind;
            }
        }
        return status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL;
    }

    private static final java.util.List<ProblemKind> GENERIC = java.util.List.of(INVALID_REQUEST, UNAUTHORIZED,
            FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, TIMEOUT, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE,
            TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE, INTERNAL);
}
