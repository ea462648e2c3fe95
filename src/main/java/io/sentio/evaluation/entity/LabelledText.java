package io.sentio.evaluation.entity;

/** One line of an evaluation file: the expected label and the text. */
public record LabelledText(String label, String text) {
}
