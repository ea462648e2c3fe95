package io.sentio.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * What the integration tests deploy: the built WAR, unchanged, to one of the containers that
 * {@code src/test/resources/arquillian.xml} (Payara Micro) and {@code arquillian-openliberty.xml} declare, one per
 * test class and server. Each container's server starts with the settings of a file in
 * {@code src/test/it-settings} (its README says how) and writes Sentio's own log ({@code LOG_FILE}) and the
 * server's whole log to files under {@code target/it}, emptied before each deployment.
 */
public final class Deployments {

    /** The admin token of the containers with the default settings ({@code it-settings/default.properties}). */
    public static final String ADMIN_TOKEN = "it-admin-token";

    private Deployments() {
    }

    /** The WAR for {@code container}, whose logs are emptied first. */
    public static WebArchive war(String container) {
        try {
            Files.createDirectories(dir());
            try (Stream<Path> logs = Files.list(dir())) {
                for (Path log : logs.filter(f -> f.getFileName().toString().startsWith(container + "-")
                        && f.getFileName().toString().contains(".log")).toList()) {
                    Files.delete(log);
                }
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

    /** Where the containers' settings and logs are: {@code target/it}. */
    public static Path dir() {
        return Path.of(Server.required("sentio.it.dir")).toAbsolutePath();
    }

    /** Sentio's own log (LOG_FILE) of a container's server. */
    static Path logFile(String container) {
        return dir().resolve(container + "-sentio.log");
    }

    /**
     * The whole log of a container's server, the server's lines and Sentio's: on Payara Micro the file its
     * {@code --logtofile} writes, which adds a generation number to the name it is given (arquillian.xml); on
     * Open Liberty its messages.log (the adapter runs it in the foreground, which writes no console.log).
     */
    static Path serverLog(String container) {
        return Server.payara() ? dir().resolve(container + "-server.log.0")
                : Path.of(Server.required("sentio.it.liberty.usr"), "servers", "sentio-it-" + container, "logs", "messages.log");
    }
}
