package io.sentio.problems.entity;

/**
 * An RFC 9457 problem detail, the body of every error answer.
 *
 * @param type     a URI naming the kind of problem
 * @param title    a short summary of that kind
 * @param status   the HTTP status
 * @param detail   what went wrong with this request
 * @param instance the request's id, to find it in the log
 */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
}
