/**
 * The one place where failures become HTTP answers: RFC 9457 problem details for every error.
 */
package io.sentio.problems;
