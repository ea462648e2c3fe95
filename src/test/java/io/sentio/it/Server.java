package io.sentio.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A server that Arquillian started and deployed the WAR to ({@link Deployments}), seen from outside as a client
 * and an admin see it: its loopback URL, its process (found by the port it listens on, for signals and memory)
 * and its log files. It starts and stops nothing itself except by a signal, as Kubernetes would send one.
 */
public final class Server {

    private final String container;
    private final int port;

    private Server(String container, int port) {
        this.container = container;
        this.port = port;
    }

    /**
     * The server of this container at the URL Arquillian reports for its deployment, once it serves the
     * application (/api/models answers 200). Arquillian names the host by a non-loopback address; the server
     * is asked on 127.0.0.1 at the same port.
     */
    public static Server at(URL deployed, String container) throws Exception {
        Server server = new Server(container, deployed.getPort());
        server.awaitApplication(Duration.ofSeconds(120));
        return server;
    }

    /** A loopback port free at this moment, for a process to bind next. */
    public static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private void awaitApplication(Duration limit) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        String[] last = {"no answer yet"};
        boolean serving = Await.until(limit, () -> {
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
        if (!serving) {
            throw new IllegalStateException("the " + container + " server on port " + port
                    + " does not serve Sentio (last answer: " + last[0] + "):\n" + logTail());
        }
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

    /** The process listening on this server's port, from /proc; empty once it has gone. */
    public Optional<ProcessHandle> process() throws IOException {
        List<String> inodes = new ArrayList<>();
        String hexPort = String.format(":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    String[] f = line.trim().split("\\s+");
                    // local address, state 0A = LISTEN, inode
                    if (f.length > 9 && f[1].endsWith(hexPort) && f[3].equals("0A")) {
                        inodes.add("socket:[" + f[9] + "]");
                    }
                }
            }
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : processes) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                            return ProcessHandle.of(Long.parseLong(process.getFileName().toString()));
                        }
                    }
                } catch (IOException goneOrNotOurs) {
                    // exited while we looked, or another user's
                }
            }
        }
        return Optional.empty();
    }

    public long pid() throws IOException {
        return process().orElseThrow(() -> new IllegalStateException("nothing listens on port " + port)).pid();
    }

    /** Resident memory of the server process in kB, from /proc. */
    public long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    /** Sends SIGTERM, as Kubernetes does on a rollout, and returns the process that was signalled. */
    public ProcessHandle terminate() throws IOException {
        ProcessHandle process = process().orElseThrow(() -> new IllegalStateException("nothing listens on port " + port));
        process.destroy(); // SIGTERM on Linux
        return process;
    }

    /** Whether the process has exited within {@code limit}. */
    public static boolean awaitExit(ProcessHandle process, Duration limit) throws InterruptedException {
        try {
            process.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException stillRunning) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sentio's own log file (LOG_FILE) of this container, as {@link Deployments} sets it. */
    public Path logFile() {
        return Deployments.logFile(container);
    }

    /** The server's whole log (its own lines and the application's), as {@link Deployments} has it written. */
    public Path serverLog() {
        return Deployments.serverLog(container);
    }

    public String logText() throws IOException {
        return Files.exists(serverLog()) ? Files.readString(serverLog()) : "";
    }

    public String logTail() {
        try {
            List<String> lines = logText().lines().toList();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
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
