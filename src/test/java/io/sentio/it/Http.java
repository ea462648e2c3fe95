package io.sentio.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Plain HTTP calls against the server under test. */
public final class Http {

    // HTTP/1.1: the JDK client's default h2c upgrade attempt buys nothing against Payara and can stall a connection
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    public static HttpResponse<String> post(URI uri, String contentType, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public static HttpResponse<String> postJson(URI uri, String json) throws IOException, InterruptedException {
        return post(uri, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return CLIENT.send(request.timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    public static JsonObject json(HttpResponse<String> response) {
        return Json.createReader(new StringReader(response.body())).readObject();
    }

    /** The named check of a MicroProfile Health answer; fails the test where it is missing. */
    public static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    /** An answer read off the socket: the status line and header lines as sent, and the body. */
    public record RawAnswer(String statusLine, List<String> headers, String body) {

        public int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        /** The value of the named header, or "" where there is none. */
        public String header(String name) {
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":"))
                    .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse("");
        }
    }

    /**
     * One raw HTTP/1.1 exchange with the server at {@code base} ({@code request} as written, CRLFs included): the
     * status line as sent, or "closed" when the server closed without answering.
     */
    public static String statusLine(URI base, String request) throws IOException {
        try (Socket socket = send(base, request)) {
            String line = line(socket.getInputStream());
            return line.isEmpty() ? "closed" : line;
        }
    }

    /** {@link #statusLine}, then the headers and the body (by its Content-Length, or its first chunk). */
    public static RawAnswer exchange(URI base, String request) throws IOException {
        try (Socket socket = send(base, request)) {
            InputStream in = socket.getInputStream();
            String status = line(in);
            List<String> headers = new ArrayList<>();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                headers.add(header);
            }
            if (status.isEmpty()) {
                throw new IOException("the server closed the connection without answering");
            }
            RawAnswer head = new RawAnswer(status, headers, "");
            int length = head.header("Content-Length").isEmpty()
                    ? Integer.parseInt(line(in), 16) : Integer.parseInt(head.header("Content-Length"));
            return new RawAnswer(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
        }
    }

    private static Socket send(URI base, String request) throws IOException {
        Socket socket = new Socket(base.getHost(), base.getPort());
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return socket;
    }

    /** One line without its CRLF; "" at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString().trim();
    }

    /** A JSON string literal of {@code text}, escaped. */
    public static String quote(String text) {
        return Json.createArrayBuilder().add(text).build().toString().replaceAll("^\\[|]$", "");
    }
}
