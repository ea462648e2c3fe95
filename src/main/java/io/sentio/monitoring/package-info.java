/**
 * Operations: the performance monitor, MicroProfile Metrics of every stage (and their Prometheus rendering at
 * {@code /metrics}), the memory sampler, liveness, and the structured request log.
 */
package io.sentio.monitoring;
