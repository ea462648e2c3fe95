package io.sentio.models.control;

import io.sentio.models.entity.ModelFolder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Finds servable models: the folders under the models directory, plus the models carried on the
 * class path (the WAR's default model), which are copied to a temporary folder once.
 */
public final class ModelCatalog {

    public static final String BUNDLE_ROOT = "META-INF/sentio/models/";

    private static final Logger LOG = Logger.getLogger(ModelCatalog.class.getName());

    private final Path modelsDir;
    /** {@code modelsDir} normalised once, for the per-request {@link #contains} check. */
    private final Path normalisedDir;
    private final Map<String, ModelFolder> bundled;

    public ModelCatalog(Path modelsDir, Map<String, ModelFolder> bundled) {
        this.modelsDir = modelsDir;
        this.normalisedDir = modelsDir == null ? null : modelsDir.normalize();
        this.bundled = Map.copyOf(bundled);
    }

    /** Every servable model by name; a folder in the models directory wins over a bundled one. */
    public Map<String, ModelFolder> models() {
        Map<String, ModelFolder> all = new TreeMap<>(bundled);
        if (modelsDir != null && Files.isDirectory(modelsDir)) {
            try (Stream<Path> dirs = Files.list(modelsDir)) {
                dirs.filter(ModelCatalog::isModelFolder)
                        .forEach(dir -> all.put(dir.getFileName().toString(), folder(dir, false)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + modelsDir, e);
            }
        }
        return all;
    }

    /**
     * Whether {@link #models()} has {@code name}, without listing and sizing every folder: a few file checks, cheap
     * enough for every request.
     */
    public boolean contains(String name) {
        if (bundled.containsKey(name)) {
            return true;
        }
        if (normalisedDir == null) {
            return false;
        }
        Path dir;
        try {
            dir = normalisedDir.resolve(name).normalize();
        } catch (InvalidPathException e) { // a NUL, say
            return false;
        }
        // only a folder directly in the models directory, named exactly so, is listed
        return normalisedDir.equals(dir.getParent()) && dir.getFileName().toString().equals(name) && isModelFolder(dir);
    }

    public static boolean isModelFolder(Path dir) {
        return Files.isDirectory(dir) && Arrays.stream(ModelFolder.REQUIRED_FILES)
                .allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    public static ModelFolder folder(Path dir, boolean bundled) {
        long size;
        try (Stream<Path> files = Files.list(dir)) {
            size = files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            size = -1;
        }
        return new ModelFolder(dir.getFileName().toString(), dir, size, bundled);
    }

    /** The models the class path carries, as listed in {@code META-INF/sentio/bundled-models.txt}. */
    public static java.util.List<String> bundledNames(ClassLoader loader) {
        try (InputStream in = loader.getResourceAsStream("META-INF/sentio/bundled-models.txt")) {
            if (in == null) {
                return java.util.List.of();
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines()
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Copies a model carried as class-path resources ({@code META-INF/sentio/models/NAME/...}) into
     * {@code target/NAME}; returns empty when the class path does not carry it.
     */
    public static java.util.Optional<ModelFolder> extractBundled(ClassLoader loader, String name, Path target)
            throws IOException {
        Path dir = target.resolve(name);
        for (String file : ModelFolder.REQUIRED_FILES) {
            try (InputStream in = loader.getResourceAsStream(BUNDLE_ROOT + name + "/" + file)) {
                if (in == null) {
                    return java.util.Optional.empty();
                }
                Files.createDirectories(dir);
                Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        LOG.info(() -> "extracted bundled model " + name + " to " + dir);
        return java.util.Optional.of(folder(dir, true));
    }
}
