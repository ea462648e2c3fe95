package io.sentio.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What the integration tests deploy: the built WAR, unchanged, to one of the containers that
 * {@code src/test/resources/arquillian.xml} declares, with that container's Sentio settings.
 *
 * <p>A test class names its settings as an administrator would, by environment variable ({@code MODELS_DIR});
 * they reach the server as the system properties MicroProfile Config reads for those variables
 * ({@code models.dir}), from {@code target/it/CONTAINER.properties}, which each container's configuration hands
 * its server at start. Every container also writes Sentio's own log ({@code LOG_FILE}) and the server's whole
 * log to files under {@code target/it}, emptied before each deployment.
 */
public final class Deployments {

    public static final String ADMIN_TOKEN = "it-admin-token";
    /** The container most test classes deploy to: default settings, an admin token, memory sampled each second. */
    public static final String DEFAULT = "default";
    static final Map<String, String> DEFAULT_SETTINGS = Map.of("ADMIN_TOKEN", ADMIN_TOKEN, "MEMORY_SAMPLE_SECONDS", "1");

    private Deployments() {
    }

    /** The WAR for the default container. */
    public static WebArchive defaults() {
        return war(DEFAULT, DEFAULT_SETTINGS);
    }

    /** The WAR for {@code container}, whose server starts with these settings (environment variable names). */
    public static WebArchive war(String container, Map<String, String> settings) {
        Properties properties = new Properties();
        settings.forEach((variable, value) -> properties.setProperty(property(variable), value));
        properties.setProperty("log.file", logFile(container).toString());
        properties.setProperty("ai.djl.offline", "true");
        try {
            Files.createDirectories(dir());
            try (Stream<Path> logs = Files.list(dir())) {
                for (Path log : logs.filter(f -> f.getFileName().toString().startsWith(container + "-")
                        && f.getFileName().toString().contains(".log")).toList()) {
                    Files.delete(log);
                }
            }
            try (Writer out = Files.newBufferedWriter(dir().resolve(container + ".properties"))) {
                properties.store(out, "Sentio settings of the " + container + " container (Deployments)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, Path.of(Server.required("sentio.war")).toFile());
    }

    /** An empty folder {@code target/it/NAME}, for a container's model folders; emptied first when it exists. */
    static Path freshDir(String name) throws IOException {
        Path folder = dir().resolve(name);
        if (Files.exists(folder)) {
            try (Stream<Path> files = Files.walk(folder)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(folder);
    }

    /** The MicroProfile Config property an environment variable sets: {@code MODELS_DIR} is {@code models.dir}. */
    static String property(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** Where the containers' settings and logs are: {@code target/it}. */
    public static Path dir() {
        return Path.of(Server.required("sentio.it.dir")).toAbsolutePath();
    }

    /** Sentio's own log (LOG_FILE) of a container's server. */
    static Path logFile(String container) {
        return dir().resolve(container + "-sentio.log");
    }

    /**
     * The whole log of a container's server, the server's lines and Sentio's: the file Payara Micro's
     * {@code --logtofile} writes, which adds a generation number to the name it is given (arquillian.xml).
     */
    static Path serverLog(String container) {
        return dir().resolve(container + "-server.log.0");
    }
}
