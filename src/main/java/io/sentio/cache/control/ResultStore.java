package io.sentio.cache.control;

import java.util.Map;
import java.util.Set;

/** Where remembered answers are kept: keys are digests ({@link ResultCache#key}), values encoded predictions. */
interface ResultStore extends AutoCloseable {

    /** What keeps the entries, in words for {@code /api/performance} and the log. */
    String kind();

    /** The entries that it holds for these keys; keys it does not hold are absent. */
    Map<String, byte[]> getAll(Set<String> keys);

    void putAll(Map<String, byte[]> entries);

    /**
     * Whether it is worth asking now: a store shared with nobody (a cluster of one member) is not asked, and nothing
     * is put in it.
     */
    default boolean active() {
        return true;
    }

    /** Entries held now, or -1 where the store cannot say cheaply. */
    long entries();

    @Override
    void close();
}
