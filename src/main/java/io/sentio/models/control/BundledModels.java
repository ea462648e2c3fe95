package io.sentio.models.control;

import io.sentio.models.entity.ModelFolder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** The models the WAR carries, copied once to a temporary folder at start and deleted at shutdown. */
@ApplicationScoped
public class BundledModels {

    private static final Logger LOG = Logger.getLogger(BundledModels.class.getName());

    private Path extracted;

    /** Copies every bundled model out of the class path; a model that cannot be copied is left out and logged. */
    public synchronized Map<String, ModelFolder> extract() throws IOException {
        if (extracted == null) {
            extracted = Files.createTempDirectory("sentio-models");
        }
        ClassLoader loader = getClass().getClassLoader();
        Map<String, ModelFolder> bundled = new HashMap<>();
        for (String name : ModelCatalog.bundledNames(loader)) {
            try {
                ModelCatalog.extractBundled(loader, name, extracted).ifPresent(folder -> bundled.put(folder.name(), folder));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot extract the bundled model " + name, e);
            }
        }
        return bundled;
    }

    @PreDestroy
    synchronized void delete() {
        if (extracted == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(extracted)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.log(Level.FINE, "leaving " + extracted, e);
        }
    }
}
