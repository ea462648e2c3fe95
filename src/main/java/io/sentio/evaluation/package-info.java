/**
 * Scoring a model folder on a labelled file with the same core the server runs (accuracy, per-class precision/recall, throughput, batch independence).
 */
package io.sentio.evaluation;
