/**
 * Operations: the performance monitor, MicroProfile Metrics of every stage, the memory sampler, liveness, and the structured request log.
 */
package io.sentio.monitoring;
