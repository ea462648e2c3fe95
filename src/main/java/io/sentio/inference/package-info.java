/**
 * The pure-Java inference core, usable without a server: tokenization, dynamic batching, the ONNX Runtime session and turning logits into labelled scores. Imports nothing from jakarta.* or MicroProfile.
 */
package io.sentio.inference;
