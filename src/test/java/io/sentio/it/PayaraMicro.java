package io.sentio.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A real server process serving the built WAR on a loopback port, started by the same launch script as the
 * README's run command ({@code server-config/payara-micro.sh}): Payara Micro, or with {@code -Popenliberty}
 * Open Liberty ({@code server-config/openliberty/run.sh}, the same arguments).
 */
public final class PayaraMicro implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final long startMillis;

    private PayaraMicro(Process process, int port, Path log, long startMillis) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startMillis = startMillis;
    }

    /**
     * Starts a server on a free loopback port with these environment variables and waits until it serves the
     * application; only an answer from the port this very process listens on counts.
     */
    public static PayaraMicro start(Map<String, String> env) throws Exception {
        int port = freePort();
        Path log = Path.of("target", "payara-" + port + ".log");
        Files.createDirectories(log.getParent());
        // Payara Micro by default; another server's launch script and runtime with -Popenliberty (the same arguments)
        String script = System.getProperty("sentio.server.script",
                Path.of(required("sentio.server.config"), "payara-micro.sh").toString());
        String runtime = System.getProperty("sentio.server.runtime", System.getProperty("payara.microJar"));
        List<String> command = List.of("bash", script, Objects.requireNonNull(runtime, "no server runtime given"),
                required("sentio.war"), Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA", System.getProperty("java.executable", "java"));
        builder.environment().put("JAVA_OPTS", "-Xmx1g");
        builder.environment().put("MODELS_DIR", required("sentio.models.dir"));
        builder.environment().putAll(env);
        long started = System.currentTimeMillis();
        PayaraMicro server = new PayaraMicro(builder.start(), port, log, started);
        server.awaitDeployment(Duration.ofSeconds(180));
        return server;
    }

    /** A loopback port free at this moment, for a process to bind next. */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private void awaitDeployment(Duration limit) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String[] last = {"no answer yet"};
        boolean deployed = Await.until(limit, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + ":\n" + logTail());
            }
            if (!listens()) {
                return false; // not bound yet: whatever answers on the port now is not this server
            }
            try {
                HttpResponse<String> answer = client.send(HttpRequest.newBuilder(uri("/api/models")).GET()
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                last[0] = "HTTP " + answer.statusCode();
                return answer.statusCode() == 200;
            } catch (IOException notYet) {
                last[0] = notYet.toString();
                return false;
            }
        });
        if (!deployed) {
            close();
            throw new IllegalStateException("Payara Micro did not deploy Sentio within " + limit + " (last answer: "
                    + last[0] + "):\n" + logTail());
        }
    }

    /** Whether this process (not another one that took the port meanwhile) listens on the port, from /proc. */
    boolean listens() throws IOException {
        Set<String> sockets = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        sockets.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // closed while we looked
                }
            }
        } catch (IOException noProcess) {
            return false;
        }
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                // local address, state 0A = LISTEN, inode
                if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A") && sockets.contains(f[9])) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Which server the tests run on: {@code payara} (6 or 7), or {@code openliberty}. */
    public static String kind() {
        return System.getProperty("sentio.server.kind", "payara");
    }

    public static boolean payara() {
        return kind().equals("payara");
    }

    /**
     * Sentio's own Prometheus text: {@code /metrics} where the server leaves that path to the application (Payara,
     * whose own endpoint moves to /mp-metrics), {@code /api/metrics} where the server keeps it (Open Liberty).
     */
    public URI metrics() {
        return uri(payara() ? "/metrics" : "/api/metrics");
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public long startedAtMillis() {
        return startMillis;
    }

    public long pid() {
        return process.pid();
    }

    /** Resident memory of the server process in kB, from /proc. */
    public long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    public String logText() throws IOException {
        return Files.readString(log);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM, as Kubernetes does on a rollout, and returns at once. */
    public void terminate() {
        process.destroy(); // SIGTERM on Linux
    }

    /** The exit code once the process has exited within {@code limit}; -1 when it is still running. */
    public int awaitExit(Duration limit) throws InterruptedException {
        return process.waitFor(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A system property that Maven sets for the integration tests (pom, failsafe). */
    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set; run the tests through Maven");
        }
        return value;
    }
}
