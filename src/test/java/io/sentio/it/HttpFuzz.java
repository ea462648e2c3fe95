package io.sentio.it;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded fuzzer of the HTTP API: random and mutated JSON bodies, random Unicode (surrogates, controls,
 * right-to-left marks, emoji, combining marks), random paths, methods and headers. The property it checks
 * on every answer: never a 5xx; an error is {@code application/problem+json} with its status in the body; a
 * 200 is JSON. {@code FuzzIT} runs a few thousand cases in the suite; {@code bench/fuzz.sh} runs it long.
 */
public final class HttpFuzz {

    private static final String[] UNICODE = {"\u200b", "\ufeff", "\u00a0", "\u0000", "\u0007", "\u202e", "\u200f",
            "\u0301", "\u0338", "😀", "😡", "👍🏽", "👨‍👩‍👧", "🇫🇷", "\ud800", "\udfff", "\u2028", "\uffff", "ß", "İ", "ﬃ",
            "中文", "עברית", "العربية", "\t", "\r\n", "\\", "\"", "%00", "${jndi:x}", "<script>", "' OR 1=1 --"};
    private static final String[] WORDS = {"good", "bad", "film", "not", "great", "awful", "love", "hate", ":)", ":("};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json; charset=utf-8",
            "application/json; charset=latin1", "text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x", "application/*", "*/*", "", "json", "application/problem+json"};
    private static final String[] ACCEPTS = {"application/json", "*/*", "text/html", "application/xml", "", "x/y;q=0"};

    private final URI base;
    private final Random random;
    /** The body of the request built last, to describe it if it goes unanswered. */
    private byte[] lastBody = new byte[0];
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Counts by status and the first failures, for the report. {@code refusedByHttpLayer} counts the 400s of the
     * server's HTTP layer, which refuses some requests before they reach the application: Payara's (Grizzly) empty
     * ones for an encoded NUL in the path or a body on DELETE (docs/CONTRACT.md), Open Liberty's HTML page for an
     * encoded NUL. The application never answers without a body, nor in HTML.
     */
    public record Outcome(int cases, TreeMap<Integer, Integer> byStatus, int refusedByHttpLayer, List<String> violations) {
    }

    public HttpFuzz(URI base, long seed) {
        this.base = base;
        this.random = new Random(seed);
    }

    public Outcome run(int cases) throws Exception {
        TreeMap<Integer, Integer> byStatus = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        int refused = 0;
        String previous = "none";
        for (int i = 0; i < cases; i++) {
            HttpRequest request = request();
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (java.io.IOException noAnswer) {
                // no answer at all (none within 60 s, or the connection closed): name the request in full
                // the request before it most likely went over the same kept-alive connection: name it too
                violations.add("case " + i + ": " + describe(request) + " got no answer (" + noAnswer
                        + "); the case before it: " + previous);
                break;
            }
            previous = describe(request) + " -> " + response.statusCode() + " " + response.headers().map();
            byStatus.merge(response.statusCode(), 1, Integer::sum);
            if (refusedByHttpLayer(response)) {
                refused++;
                continue;
            }
            String problem = check(response);
            if (problem != null && violations.size() < 20) {
                violations.add("case " + i + ": " + request.method() + " " + request.uri() + " -> " + problem);
            }
        }
        return new Outcome(cases, byStatus, refused, violations);
    }

    private String describe(HttpRequest request) {
        return request.method() + " " + request.uri() + ", headers " + request.headers().map() + ", body ("
                + lastBody.length + " bytes) " + abbreviate(new String(lastBody, StandardCharsets.UTF_8));
    }

    static boolean refusedByHttpLayer(HttpResponse<String> response) {
        if (response.statusCode() != 400) {
            return false;
        }
        // Payara (Grizzly): an empty 400 without a type; Open Liberty: its own HTML page (CWWWC0005I) for a URI with an
        // encoded NUL, which HEAD and OPTIONS get without the body
        String type = response.headers().firstValue("Content-Type").orElse("");
        return response.body().isEmpty() && type.isEmpty() || type.startsWith("text/html")
                && (response.body().contains("CWWWC0005I") || response.request().uri().getRawPath().contains("%00"));
    }

    /** Null when the answer keeps the contract; else what is wrong with it. */
    static String check(HttpResponse<String> response) {
        try {
            return checkOrThrow(response);
        } catch (RuntimeException unparseable) {
            return "status " + response.statusCode() + " with a body that is not the JSON it claims ("
                    + unparseable.getMessage() + "): " + abbreviate(response.body());
        }
    }

    private static String checkOrThrow(HttpResponse<String> response) {
        int status = response.statusCode();
        // HEAD has no body, and OPTIONS answers the allowed methods in its Allow header, whatever its body
        boolean head = response.request().method().equals("HEAD") || response.request().method().equals("OPTIONS");
        String type = response.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (status >= 500) {
            return "status " + status + ": " + abbreviate(response.body());
        }
        if (status >= 400) {
            if (head) {
                return type.isEmpty() || type.startsWith("application/problem+json") ? null
                        : "HEAD answered " + status + " as " + type;
            }
            if (!type.startsWith("application/problem+json")) {
                return "status " + status + " without problem+json (" + type + "): " + abbreviate(response.body());
            }
            JsonObject problem = Json.createReader(new StringReader(response.body())).readObject();
            if (problem.getInt("status") != status || problem.getString("title").isBlank()) {
                return "problem body does not match status " + status + ": " + abbreviate(response.body());
            }
            return null;
        }
        if (status == 200 && !head && type.startsWith("application/json")) {
            Json.createReader(new StringReader(response.body())).readValue();
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private HttpRequest request() {
        int kind = random.nextInt(100);
        String path = kind < 80 ? "/api/analyze" : randomPath();
        String method = kind < 75 ? "POST" : pick(new String[]{"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"});
        byte[] body = body();
        boolean bodiless = method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
        lastBody = bodiless ? new byte[0] : body;
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60));
        String contentType = random.nextInt(10) < 7 ? "application/json" : pick(CONTENT_TYPES);
        if (!contentType.isEmpty()) {
            builder.header("Content-Type", contentType);
        }
        String accept = random.nextInt(10) < 8 ? "" : pick(ACCEPTS);
        if (!accept.isEmpty()) {
            builder.header("Accept", accept);
        }
        if (random.nextInt(10) == 0) {
            builder.header("X-Fuzz-" + random.nextInt(1000), asciiJunk(random.nextInt(200)));
        }
        if (random.nextInt(20) == 0) {
            builder.header("Authorization", pick(new String[]{"Bearer x", "bearer", "Basic Zm9v", asciiJunk(50)}));
        }
        HttpRequest.BodyPublisher publisher = bodiless
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        return builder.method(method, publisher).build();
    }

    private String randomPath() {
        return pick(new String[]{"/api/analyze", "/api/models", "/api/model-info", "/api/performance",
                "/api/performance/reset", "/api/models/sentiment-e5-small/load", "/api/nothing", "/nothing.html",
                "/api/models/..%2f..%2fetc%2fpasswd/load", "/api/models/%00/unload", "/api/model-info?model=%ff%fe",
                "/api/model-info?model=" + "x".repeat(random.nextInt(3000)), "/api//analyze", "/api/analyze/",
                "/api/analyze?x=" + asciiJunk(100).replaceAll("[^A-Za-z0-9]", "a"), "/WEB-INF/web.xml",
                "/META-INF/MANIFEST.MF", "/api/models/" + "%e2%80%ae".repeat(random.nextInt(5)) + "/load"});
    }

    private byte[] body() {
        return switch (random.nextInt(8)) {
            case 0, 1, 2 -> validRequest().getBytes(StandardCharsets.UTF_8);
            case 3 -> mutate(validRequest().getBytes(StandardCharsets.UTF_8));
            case 4 -> randomBytes();
            case 5 -> wrongShape().getBytes(StandardCharsets.UTF_8);
            case 6 -> nested().getBytes(StandardCharsets.UTF_8);
            default -> truncate(validRequest().getBytes(StandardCharsets.UTF_8));
        };
    }

    private String validRequest() {
        if (random.nextBoolean()) {
            return Json.createObjectBuilder().add("text", text()).build().toString();
        }
        JsonArrayBuilder texts = Json.createArrayBuilder();
        int n = random.nextInt(40) == 0 ? 120 + random.nextInt(20) : 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
            texts.add(text());
        }
        var object = Json.createObjectBuilder().add("texts", texts);
        if (random.nextInt(4) == 0) {
            object.add("model", random.nextBoolean() ? "sentiment-e5-small" : text());
        }
        return object.build().toString();
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        int parts = random.nextInt(12);
        for (int i = 0; i < parts; i++) {
            switch (random.nextInt(4)) {
                case 0 -> text.append(pick(UNICODE));
                case 1 -> text.appendCodePoint(random.nextInt(0x110000));
                default -> text.append(pick(WORDS)).append(' ');
            }
        }
        if (random.nextInt(50) == 0) {
            text.append("long ".repeat(random.nextInt(2000)));
        }
        return text.toString();
    }

    private String wrongShape() {
        return pick(new String[]{"[]", "{}", "null", "1e999999", "\"text\"", "{\"text\": 1e400}", "{\"texts\": {}}",
                "{\"text\": \"a\", \"text\": \"b\"}", "{\"texts\": [null]}", "{\"text\": [\"a\"]}", "{\"model\": {}}",
                "{\"text\": \"a\", \"model\": \"" + "m".repeat(random.nextInt(20000)) + "\"}", "{\"texts\": []}",
                "{\"text\": \"\\ud800\"}", "{\"text\": \"\\u0000\"}", "{\"text\": \"a\"}{\"text\": \"b\"}", "{\"\": \"\"}",
                "{\"texts\": [" + "\"a\",".repeat(200) + "\"a\"]}", "\ufeff{\"text\": \"bom\"}"});
    }

    private String nested() {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 40 : 3000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return "{\"text\": \"deep\", \"x\": " + open.repeat(depth) + "1" + close.repeat(depth) + "}";
    }

    private byte[] mutate(byte[] body) {
        byte[] copy = body.clone();
        for (int i = 0, n = 1 + random.nextInt(4); i < n && copy.length > 0; i++) {
            copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private byte[] truncate(byte[] body) {
        return java.util.Arrays.copyOf(body, body.length == 0 ? 0 : random.nextInt(body.length));
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    private String asciiJunk(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append((char) (0x21 + random.nextInt(0x5e)));
        }
        return s.toString();
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    /**
     * {@code HttpFuzz BASE_URL CASES SEED REPORT.json [CLIENTS]}: the long run of {@code bench/fuzz.sh}, with
     * CLIENTS fuzzers at once (seeds SEED, SEED+1, ...) sharing the cases.
     */
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        int cases = Integer.parseInt(args[1]);
        long seed = Long.parseLong(args[2]);
        int clients = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        long start = System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        List<java.util.concurrent.Future<Outcome>> parts = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            long clientSeed = seed + c;
            int share = cases / clients + (c < cases % clients ? 1 : 0);
            parts.add(pool.submit(() -> new HttpFuzz(base, clientSeed).run(share)));
        }
        TreeMap<Integer, Integer> byStatus = new TreeMap<>();
        List<String> found = new ArrayList<>();
        int refusedByHttp = 0;
        for (java.util.concurrent.Future<Outcome> part : parts) {
            Outcome o = part.get();
            o.byStatus().forEach((status, count) -> byStatus.merge(status, count, Integer::sum));
            found.addAll(o.violations());
            refusedByHttp += o.refusedByHttpLayer();
        }
        pool.shutdown();
        Outcome outcome = new Outcome(cases, byStatus, refusedByHttp, found);
        double seconds = (System.nanoTime() - start) / 1e9;
        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString());
        long fiveHundreds = outcome.byStatus().entrySet().stream().filter(e -> e.getKey() >= 500)
                .mapToLong(e -> e.getValue()).sum();
        var statuses = Json.createObjectBuilder();
        outcome.byStatus().forEach((status, count) -> statuses.add(status.toString(), count));
        var violations = Json.createArrayBuilder();
        outcome.violations().forEach(violations::add);
        JsonObject report = Json.createObjectBuilder().add("cases", cases).add("seed", seed).add("clients", clients)
                .add("seconds", Math.round(seconds)).add("answers_5xx", fiveHundreds).add("by_status", statuses)
                .add("refused_by_http_layer", outcome.refusedByHttpLayer())
                .add("violations", violations).add("ready_after", ready.statusCode()).build();
        Files.writeString(Path.of(args[3]), report.toString() + "\n");
        System.out.println(report);
        System.exit(outcome.violations().isEmpty() && ready.statusCode() == 200 ? 0 : 1);
    }
}
