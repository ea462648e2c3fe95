package io.sentio.problems.entity;

/**
 * The request attributes that the problems component's {@code RequestIds} sets on every API request, named
 * here so that other components read them without importing a boundary class.
 */
public final class RequestAttributes {

    /** The request's id (a UUID string), which error answers and the log quote. */
    public static final String ID = "sentio.request.id";
    /** When the request was there ({@link System#nanoTime}, a {@code Long}). */
    public static final String START = "sentio.request.start";

    private RequestAttributes() {
    }
}
