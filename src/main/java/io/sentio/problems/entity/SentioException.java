package io.sentio.problems.entity;

import java.util.Map;
import java.util.OptionalInt;

/**
 * A failure Sentio knows how to answer. The family is closed: the client's mistake ({@link ClientError}),
 * the service unable to take the request now ({@link Unavailable}), or Sentio's own fault ({@link Fault}).
 * Control classes throw these with a {@link ProblemKind}; only the problem mapper turns them into HTTP.
 */
public abstract sealed class SentioException extends RuntimeException
        permits SentioException.ClientError, SentioException.Unavailable, SentioException.Fault {

    /** Values from the request quoted in a message (names, paths) are cut to this many characters. */
    public static final int ECHO_LIMIT = 120;

    private final ProblemKind kind;
    private final int retryAfterSeconds;
    private final Map<String, String> headers;

    private SentioException(ProblemKind kind, String message, int retryAfterSeconds, Throwable cause,
                            Map<String, String> headers) {
        super(message, cause);
        this.kind = kind;
        this.retryAfterSeconds = retryAfterSeconds;
        this.headers = Map.copyOf(headers);
    }

    /** Headers the answer carries besides Retry-After (a rate limit's state). */
    public Map<String, String> headers() {
        return headers;
    }

    public ProblemKind kind() {
        return kind;
    }

    /** When the client may retry, in seconds; empty when retrying cannot help. */
    public OptionalInt retryAfterSeconds() {
        return retryAfterSeconds > 0 ? OptionalInt.of(retryAfterSeconds) : OptionalInt.empty();
    }

    /** A value from the request, cut short enough that an error answer never becomes an amplifier. */
    public static String echo(String value) {
        return value == null || value.length() <= ECHO_LIMIT ? value : value.substring(0, ECHO_LIMIT) + "...";
    }

    private static ProblemKind require(ProblemKind kind, boolean allowed, String family) {
        if (!allowed) {
            throw new IllegalArgumentException(kind + " is not a " + family);
        }
        return kind;
    }

    /** The request as sent cannot be served; sending it again will not help. */
    public static final class ClientError extends SentioException {
        public ClientError(ProblemKind kind, String message) {
            super(require(kind, kind.status() >= 400 && kind.status() < 500 && kind.retryAfterSeconds() == 0,
                    "client error"), message, 0, null, Map.of());
        }
    }

    /**
     * The service cannot take the request now (timeout, overload, model not servable, model larger than the
     * memory budget); it may later, or once an admin changed its settings.
     */
    public static final class Unavailable extends SentioException {
        public Unavailable(ProblemKind kind, String message) {
            this(kind, message, kind.retryAfterSeconds(), null);
        }

        public Unavailable(ProblemKind kind, String message, int retryAfterSeconds, Throwable cause) {
            this(kind, message, retryAfterSeconds, cause, Map.of());
        }

        public Unavailable(ProblemKind kind, String message, int retryAfterSeconds, Throwable cause,
                           Map<String, String> headers) {
            super(require(kind, kind.status() == 408 || kind.status() == 429 || kind.status() == 503
                    || kind.status() == 507, "temporary condition"), message, retryAfterSeconds, cause, headers);
        }
    }

    /** Sentio's own fault: logged with its stack trace, answered without it. */
    public static final class Fault extends SentioException {
        public Fault(ProblemKind kind, String message, Throwable cause) {
            super(require(kind, kind.status() == 500, "server fault"), message, 0, cause, Map.of());
        }
    }
}
