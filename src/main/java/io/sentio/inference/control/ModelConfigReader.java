package io.sentio.inference.control;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.sentio.inference.entity.ModelConfig;
import io.sentio.inference.entity.ScoreFunction;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads a Hugging Face style {@code config.json} (and the truncation of {@code tokenizer.json}). */
public final class ModelConfigReader {

    static final int FALLBACK_MAX_LENGTH = 512;

    private ModelConfigReader() {
    }

    public static ModelConfig read(Path modelDir) throws IOException {
        JsonObject config = parse(modelDir.resolve("config.json"));
        return new ModelConfig(labels(config), ScoreFunction.forProblemType(string(config, "problem_type")),
                maxLength(config, modelDir.resolve("tokenizer.json")), variants(config));
    }

    private static List<String> labels(JsonObject config) {
        JsonElement id2label = config.get("id2label");
        if (id2label == null || !id2label.isJsonObject()) {
            int count = config.has("num_labels") ? config.get("num_labels").getAsInt() : 2;
            List<String> generic = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                generic.add("LABEL_" + i);
            }
            return generic;
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, JsonElement> e : id2label.getAsJsonObject().entrySet()) {
            byId.put(Integer.parseInt(e.getKey().trim()), e.getValue().getAsString());
        }
        if (byId.firstKey() != 0 || byId.lastKey() != byId.size() - 1) {
            throw new IllegalArgumentException("id2label ids must be 0.." + (byId.size() - 1) + ": " + byId.keySet());
        }
        return new ArrayList<>(byId.values());
    }

    /** The smallest limit any of the model's files states; a model trained on 128 tokens should not see 512. */
    private static int maxLength(JsonObject config, Path tokenizerJson) throws IOException {
        int limit = FALLBACK_MAX_LENGTH;
        for (String key : List.of("max_length", "max_position_embeddings")) {
            if (config.has(key) && config.get(key).isJsonPrimitive()) {
                limit = Math.min(limit, config.get(key).getAsInt());
            }
        }
        if (Files.exists(tokenizerJson)) {
            JsonElement truncation = parse(tokenizerJson).get("truncation");
            if (truncation != null && truncation.isJsonObject() && truncation.getAsJsonObject().has("max_length")) {
                limit = Math.min(limit, truncation.getAsJsonObject().get("max_length").getAsInt());
            }
        }
        return limit;
    }

    private static Map<String, String> variants(JsonObject config) {
        Map<String, String> variants = new LinkedHashMap<>();
        JsonElement declared = config.get("variants");
        if (declared != null && declared.isJsonObject()) {
            declared.getAsJsonObject().entrySet().forEach(e -> variants.put(e.getKey(), e.getValue().getAsString()));
        }
        return variants;
    }

    private static String string(JsonObject config, String key) {
        JsonElement value = config.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    private static JsonObject parse(Path file) throws IOException {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (RuntimeException e) {
            throw new IOException(file.getFileName() + " is not a JSON object: " + e.getMessage(), e);
        }
    }
}
