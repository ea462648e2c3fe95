/**
 * The one place where failures become HTTP answers: the table of kinds ({@code entity.ProblemKind}), the
 * sealed family of Sentio's exceptions that carry them, and RFC 9457 problem details for every error, from
 * the API ({@code ProblemMapper}) and from the container itself ({@code ErrorPage}).
 */
package io.sentio.problems;
