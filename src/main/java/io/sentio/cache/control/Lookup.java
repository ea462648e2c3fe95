package io.sentio.cache.control;

import io.sentio.inference.entity.Prediction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request's texts against the cache: the answers found, and the texts still to score, each distinct text
 * once. {@link #complete} puts the scored ones in their places.
 */
public final class Lookup {

    private final List<String> texts;
    private final String[] keys;
    private final Prediction[] found;
    /** Whether the keys are cache keys (else positions: the cache is off and nothing is remembered). */
    private final boolean keyed;
    /** Distinct keys not found, each with the positions of its text in the request, in first-seen order. */
    private final Map<String, List<Integer>> missing = new LinkedHashMap<>();

    Lookup(List<String> texts, String[] keys, Prediction[] found, boolean keyed) {
        this.texts = texts;
        this.keys = keys;
        this.found = found;
        this.keyed = keyed;
        for (int i = 0; i < keys.length; i++) {
            if (found[i] == null) {
                missing.computeIfAbsent(keys[i], k -> new ArrayList<>(1)).add(i);
            }
        }
    }

    /** Every text to score, none remembered: the cache is off. */
    static Lookup none(List<String> texts) {
        String[] positions = new String[texts.size()];
        Arrays.setAll(positions, Integer::toString);
        return new Lookup(texts, positions, new Prediction[texts.size()], false);
    }

    /** The texts the model must score, each distinct one once, in request order. */
    public List<String> missing() {
        List<String> todo = new ArrayList<>(missing.size());
        missing.values().forEach(at -> todo.add(texts.get(at.get(0))));
        return todo;
    }

    /** Whether the text at {@code index} was answered from the cache. */
    public boolean cached(int index) {
        return found[index] != null;
    }

    /** Every text's prediction, in request order: the found ones and {@code scored}, one per {@link #missing} text. */
    public List<Prediction> complete(List<Prediction> scored) {
        if (scored.size() != missing.size()) {
            throw new IllegalArgumentException(scored.size() + " predictions for " + missing.size() + " missing texts");
        }
        Prediction[] all = Arrays.copyOf(found, found.length);
        int next = 0;
        for (List<Integer> at : missing.values()) {
            Prediction p = scored.get(next++);
            at.forEach(i -> all[i] = p);
        }
        return Arrays.asList(all);
    }

    /** The scored predictions by key, to remember; empty when the cache is off. */
    Map<String, Prediction> byKey(List<Prediction> scored) {
        Map<String, Prediction> entries = new LinkedHashMap<>();
        if (keyed) {
            int next = 0;
            for (String key : missing.keySet()) {
                entries.put(key, scored.get(next++));
            }
        }
        return entries;
    }

    /** Texts looked up. */
    public int texts() {
        return keys.length;
    }

    /** Texts found. */
    int hits() {
        return keys.length - (int) Arrays.stream(found).filter(java.util.Objects::isNull).count();
    }
}
