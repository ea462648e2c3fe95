package io.sentio.it;

import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole error surface, as a hostile client and a security review see it, on the shared server. */
@ExtendWith(ArquillianExtension.class)
class ErrorSurfaceIT {

    @Deployment(testable = false)
    @TargetsContainer("error-surface")
    static WebArchive war() {
        return Deployments.war("error-surface");
    }

    @ArquillianResource
    URL deployed;
    static Server server;

    @BeforeEach
    void locate() throws Exception {
        server = Server.at(deployed, "error-surface");
    }

    static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return Http.send(HttpRequest.newBuilder(server.uri(path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** One raw HTTP/1.1 exchange; the status line, or "closed" when the server closed without answering. */
    static String raw(String request) throws IOException {
        return Http.statusLine(server.uri("/"), request);
    }

    static List<String> logLines() throws IOException {
        return server.logText().lines().filter(line -> !line.isBlank()).toList();
    }

    @Test
    void unknownRoutesAndForbiddenPathsAreProblems() throws Exception {
        for (String path : List.of("/nothing.html", "/api/nothing", "/WEB-INF/web.xml", "/META-INF/MANIFEST.MF")) {
            HttpResponse<String> response = send("GET", path, null);
            assertEquals(404, response.statusCode(), path);
            AnalyzeIT.assertProblem(response, 404);
        }
        HttpResponse<String> traversal = send("POST", "/api/models/..%2f..%2fetc/load", null);
        // Payara routes the encoded slashes to no resource (404); Open Liberty's JAX-RS refuses the path (400)
        int expected = Server.payara() ? 404 : 400;
        assertEquals(expected, traversal.statusCode(), traversal.body());
        AnalyzeIT.assertProblem(traversal, expected);
    }

    @Test
    void wrongMethodsAre405WithAllow() throws Exception {
        HttpResponse<String> delete = send("DELETE", "/api/analyze", null);
        assertEquals(405, delete.statusCode());
        AnalyzeIT.assertProblem(delete, 405);
        assertTrue(delete.headers().firstValue("Allow").orElse("").contains("POST"), delete.headers().toString());
        HttpResponse<String> put = send("PUT", "/api/models", "{}");
        assertEquals(405, put.statusCode());
        assertTrue(put.headers().firstValue("Allow").orElse("").contains("GET"));
    }

    @Test
    void noWadlAndNoServerBanner() throws Exception {
        HttpResponse<String> options = Http.send(HttpRequest.newBuilder(server.uri("/api/analyze"))
                .header("Origin", "http://elsewhere.example").method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertFalse(options.body().toLowerCase().contains("wadl"), options.body());
        assertFalse(options.body().toLowerCase().contains("jersey"), options.body());
        assertFalse(options.headers().firstValue("Access-Control-Allow-Origin").isPresent(), "no CORS for strangers");
        for (HttpResponse<String> answer : List.of(options, send("GET", "/api/models", null),
                send("POST", "/api/analyze", "{}"), send("GET", "/health/ready", null), send("GET", "/nothing", null))) {
            assertTrue(answer.headers().firstValue("Server").isEmpty(), "Server header on " + answer.uri());
            assertTrue(answer.headers().firstValue("X-Powered-By").isEmpty(), "X-Powered-By on " + answer.uri());
        }
    }

    @Test
    void inputEdgeCases() throws Exception {
        HttpResponse<String> deep = send("POST", "/api/analyze", "{\"text\": \"a\", \"x\": " + "[".repeat(1001)
                + "]".repeat(1001) + "}");
        assertEquals(400, deep.statusCode());
        assertTrue(Http.json(deep).getString("detail").contains("nested deeper"));
        HttpResponse<String> duplicate = send("POST", "/api/analyze", "{\"text\": \"good\", \"text\": \"bad\"}");
        assertEquals(400, duplicate.statusCode());
        assertTrue(Http.json(duplicate).getString("detail").contains("'text' appears twice"));
        for (String empty : List.of("\\u200b\\u200b", "\\ufeff", "\\u00a0", "\\u0000", "\\ud800")) {
            HttpResponse<String> response = send("POST", "/api/analyze", "{\"texts\": [\"fine\", \"" + empty + "\"]}");
            assertEquals(400, response.statusCode(), empty);
            assertTrue(Http.json(response).getString("detail").contains("texts[1]"), response.body());
        }
        HttpResponse<String> huge = send("POST", "/api/analyze", "{\"text\": \"" + "a".repeat(1_000_000) + "\"}");
        assertEquals(200, huge.statusCode(), huge.body());
        assertTrue(Http.json(huge).getBoolean("truncated"), huge.body());
        HttpResponse<String> unknown = send("POST", "/api/analyze", "{\"text\": \"a\", \"model\": \"" + "m".repeat(10_000) + "\"}");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().length() < 600, "the name is not echoed whole: " + unknown.body().length() + " bytes");
    }

    @Test
    void oneDeeplyNestedRequestAddsUnderAKilobyteToTheLogs() throws Exception {
        Path file = server.logFile();
        long logBefore = server.logText().length();
        long fileBefore = Files.size(file);
        HttpResponse<String> deep = send("POST", "/api/analyze", "{\"text\": \"a\", \"x\": " + "[".repeat(1001)
                + "]".repeat(1001) + "}");
        assertEquals(400, deep.statusCode());
        assertTrue(Await.until(Duration.ofSeconds(5), () -> server.logText().contains(Http.json(deep).getString("instance")
                .substring("urn:uuid:".length()))), "the access line was written");
        assertTrue(server.logText().length() - logBefore < 1024, "server log grew " + (server.logText().length() - logBefore));
        assertTrue(Files.size(file) - fileBefore < 1024, "LOG_FILE grew " + (Files.size(file) - fileBefore));
    }

    @Test
    void clientDisconnectsAreCountedNotLoggedWithStackTraces() throws Exception {
        int before = logLines().size();
        String half = "POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{\"text\": \"abc";
        for (int i = 0; i < 500; i++) {
            try (Socket socket = new Socket(server.uri("/").getHost(), server.uri("/").getPort())) {
                socket.getOutputStream().write(half.getBytes(StandardCharsets.US_ASCII));
                socket.setSoLinger(true, 0); // reset, as a client that crashes or times out does
            }
        }
        assertEquals(200, Http.get(server.uri("/health/ready")).statusCode());
        Await.until(Duration.ofSeconds(10), () -> logLines().size() >= before + 500); // each disconnect's access line
        List<String> lines = logLines();
        List<String> added = lines.subList(before, lines.size());
        assertTrue(added.size() <= 500, "500 disconnects added " + added.size() + " log lines, e.g. "
                + added.stream().filter(l -> !l.contains("io.sentio.access")).limit(5).toList());
        assertTrue(added.stream().noneMatch(l -> l.contains("Connection is closed") || l.startsWith("\tat ")), "no stack traces");
    }

    @Test
    void malformedHttpIsRefusedByTheHttpLayerAndTheServerServesOn() throws Exception {
        String big = "x".repeat(65_536);
        List<String> requests = List.of(
                "GET /api/models HTTP/1.1\r\nHost: x\r\nX-Big: " + big + "\r\n\r\n",
                "GET /api/models HTTP/1.1\r\nHost: x\r\n" + "X-H: 1\r\n".repeat(1000) + "\r\n",
                "POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}",
                "POST /api/analyze HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
                "POST /api/analyze HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
                "GET /api/models?" + "q=1&".repeat(25_000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
        for (String request : requests) {
            String status = raw(request);
            assertTrue(status.equals("closed") || status.matches("HTTP/1\\.1 (4\\d\\d|200).*"),
                    request.substring(0, 40) + " -> " + status);
            assertFalse(status.matches("HTTP/1\\.1 5.*"), status);
        }
        JsonObject ready = Http.json(Http.get(server.uri("/health/ready")));
        assertEquals("UP", ready.getString("status"));
    }
}
