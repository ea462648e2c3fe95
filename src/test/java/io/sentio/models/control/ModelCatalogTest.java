package io.sentio.models.control;

import io.sentio.models.entity.ModelFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModelCatalogTest {

    @TempDir
    Path root;

    @Test
    void containsAnswersWhatTheListingHas() throws IOException {
        Path models = Files.createDirectories(root.resolve("models"));
        for (String name : List.of("complete", "back\\slash")) { // a backslash is a name's character here
            Path complete = Files.createDirectories(models.resolve(name));
            for (String file : ModelFolder.REQUIRED_FILES) {
                Files.writeString(complete.resolve(file), "x");
            }
        }
        Path partial = Files.createDirectories(models.resolve("partial"));
        Files.writeString(partial.resolve(ModelFolder.REQUIRED_FILES[0]), "x");
        Files.writeString(models.resolve("a-file"), "x");
        Path outside = Files.createDirectories(root.resolve("outside"));
        for (String file : ModelFolder.REQUIRED_FILES) {
            Files.writeString(outside.resolve(file), "x");
        }
        ModelCatalog catalog = new ModelCatalog(models,
                Map.of("bundled", new ModelFolder("bundled", root.resolve("bundled"), 1, true)));

        Map<String, ModelFolder> listed = catalog.models();
        for (String name : List.of("complete", "back\\slash", "bundled", "partial", "a-file", "missing", "", ".", "..",
                "../outside", "complete/", "nul\0name")) {
            assertEquals(listed.containsKey(name), catalog.contains(name), name);
        }
        assertEquals(List.of("back\\slash", "bundled", "complete"), List.copyOf(listed.keySet()));
        ModelCatalog roundabout = new ModelCatalog(models.resolve("../models"), Map.of());
        assertEquals(roundabout.models().containsKey("complete"), roundabout.contains("complete"));
        assertTrue(roundabout.contains("complete"));
    }

    @Test
    void withoutAModelsDirectoryOnlyTheBundledOnesAreThere() {
        ModelCatalog catalog = new ModelCatalog(null,
                Map.of("bundled", new ModelFolder("bundled", root.resolve("bundled"), 1, true)));
        assertEquals(true, catalog.contains("bundled"));
        assertEquals(false, catalog.contains("other"));
    }
}
