package io.sentio.client;

import io.sentio.problems.entity.Problem;

import java.time.Duration;
import java.util.Optional;

/** An error answer from Sentio: its problem+json body, and when to retry where the server said so. */
public class SentioProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Duration retryAfter;

    public SentioProblemException(Problem problem, Duration retryAfter) {
        super(problem.status() + " " + problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()));
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    /** The answer's problem detail: {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance}. */
    public Problem problem() {
        return problem;
    }

    /** The answer's {@code Retry-After} (429, 503), where it had one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
