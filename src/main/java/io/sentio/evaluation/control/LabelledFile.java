package io.sentio.evaluation.control;

import io.sentio.evaluation.entity.LabelledText;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code label<TAB>text} files. A label is a class name or its index in the model's labels;
 * a first line whose label is neither (such as GLUE's {@code label<TAB>sentence}) is a header.
 */
public final class LabelledFile {

    private LabelledFile() {
    }

    public static List<LabelledText> read(Path file, List<String> labels) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<LabelledText> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IOException(file + " line " + (i + 1) + ": expected label<TAB>text");
            }
            String label = resolve(line.substring(0, tab).trim(), labels);
            if (label == null) {
                if (rows.isEmpty() && i == 0) {
                    continue;
                }
                throw new IOException(file + " line " + (i + 1) + ": label '" + line.substring(0, tab)
                        + "' is none of " + labels);
            }
            rows.add(new LabelledText(label, line.substring(tab + 1)));
        }
        return rows;
    }

    private static String resolve(String label, List<String> labels) {
        for (String known : labels) {
            if (known.equalsIgnoreCase(label)) {
                return known;
            }
        }
        try {
            int index = Integer.parseInt(label);
            return index >= 0 && index < labels.size() ? labels.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
