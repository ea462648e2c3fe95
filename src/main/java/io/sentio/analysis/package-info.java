/**
 * Sentiment analysis over HTTP: request parsing and validation, the analyzer bean that runs a request under the timeout and concurrency limit, and the answer shapes.
 */
package io.sentio.analysis;
