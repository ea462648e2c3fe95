package io.sentio.it;

import io.sentio.JaxRsConfiguration;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import jakarta.servlet.annotation.WebServlet;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code /openapi}: a valid document (swagger-parser) that names every route the application has, and that
 * describes the server's real answers, each documented status produced here against the shared server where it
 * can be; the others come from servers configured to produce them (listed in {@link #ELSEWHERE}).
 */
@ExtendWith(ArquillianExtension.class)
class OpenApiIT {

    /** Documented statuses this shared, healthy server cannot give; the named tests check them against the document. */
    static final Map<String, String> ELSEWHERE = Map.of(
            "POST /api/analyze 429", "LimitsIT",
            "POST /api/analyze 500", "never on purpose: a fault in Sentio (the schema is the Problem of the others)",
            "POST /api/analyze 503", "BrokenModelIT",
            "POST /api/analyze 507", "MemoryBudgetIT",
            "POST /api/models/{name}/load 503", "the registry's answer as for POST /api/analyze 503 (BrokenModelIT)",
            "POST /api/models/{name}/load 507", "the registry's answer as for POST /api/analyze 507 (MemoryBudgetIT)");

    @Deployment(testable = false)
    @TargetsContainer("openapi")
    static WebArchive war() {
        return Deployments.war("openapi");
    }

    @ArquillianResource
    URL deployed;
    static Server server;
    static OpenApiContract contract;
    /** "METHOD template status" of every answer checked against the document in this class. */
    static final Set<String> checked = new TreeSet<>();

    @BeforeEach
    void locate() throws Exception {
        server = Server.at(deployed, "openapi");
        contract = OpenApiContract.of(server);
    }

    static HttpResponse<String> call(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return Http.send(request);
    }

    /** Sends the request and checks the answer has {@code status} and is what the document says for it. */
    static void expect(int status, String method, String template, String path, String body, String... headers)
            throws Exception {
        HttpResponse<String> answer = call(method, path, body, headers);
        assertEquals(status, answer.statusCode(), method + " " + path + ": " + answer.body());
        contract.check(method, template, answer);
        checked.add(method + " " + template + " " + status);
    }

    @Test
    void theDocumentAsWrittenIsValidOpenApi() throws Exception {
        OpenApiContract written = OpenApiContract.parse(
                Files.readString(java.nio.file.Path.of("target", "classes", "META-INF", "openapi.yaml")), List.of());
        assertEquals(written.api.getPaths().keySet(), contract.api.getPaths().keySet(), "the server serves it");
        assertEquals(written.api.getComponents().getSchemas().keySet(),
                contract.api.getComponents().getSchemas().keySet());
    }

    @Test
    void everyRouteOfTheApplicationIsDocumentedAndNothingElse() throws Exception {
        Set<String> routes = new TreeSet<>();
        String application = JaxRsConfiguration.class.getAnnotation(ApplicationPath.class).value();
        try (Stream<java.nio.file.Path> files = Files.walk(java.nio.file.Path.of("target", "classes", "io", "sentio"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = java.nio.file.Path.of("target", "classes").relativize(file).toString()
                        .replace(".class", "").replace('/', '.');
                Class<?> type = Class.forName(name, false, getClass().getClassLoader());
                WebServlet servlet = type.getAnnotation(WebServlet.class);
                if (servlet != null && Stream.of(type.getDeclaredMethods()).anyMatch(m -> m.getName().equals("doGet"))) {
                    Stream.of(servlet.value()).forEach(path -> routes.add("GET " + path));
                }
                Path base = type.getAnnotation(Path.class);
                if (base == null || type.isInterface()) { // an interface: the typed client's, not in the WAR
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = method.isAnnotationPresent(GET.class) ? "GET" : method.isAnnotationPresent(POST.class)
                            ? "POST" : method.isAnnotationPresent(PUT.class) ? "PUT"
                            : method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
                    if (verb != null) {
                        Path sub = method.getAnnotation(Path.class);
                        routes.add(verb + " " + join(application, base.value(), sub == null ? "" : sub.value()));
                    }
                }
            }
        }
        Set<String> documented = new TreeSet<>();
        contract.api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(verb -> documented.add(verb.name() + " " + path)));
        assertEquals(routes, documented);
        assertTrue(routes.size() >= 9, "the scan found the resources and servlets: " + routes);
    }

    private static String join(String... parts) {
        return "/" + Stream.of(parts).flatMap(p -> Stream.of(p.split("/"))).filter(p -> !p.isEmpty())
                .collect(Collectors.joining("/"));
    }

    static void analysisAnswersAndItsErrors() throws Exception {
        String analyze = "/api/analyze";
        expect(200, "POST", analyze, analyze, "{\"text\": \"a gripping, beautifully acted film\"}");
        expect(200, "POST", analyze, analyze, "{\"texts\": [\"great service\", \"never again\"], \"truncation\": \"chunk\"}");
        expect(400, "POST", analyze, analyze, "{\"text\": \"   \"}");
        expect(404, "POST", analyze, analyze, "{\"text\": \"fine\", \"model\": \"no-such-model\"}");
        expect(406, "POST", analyze, analyze, "{\"text\": \"fine\"}", "Accept", "text/plain");
        String many = Stream.generate(() -> "\"fine\"").limit(129).collect(Collectors.joining(",", "{\"texts\": [", "]}"));
        expect(413, "POST", analyze, analyze, many);
        HttpResponse<String> plain = Http.post(server.uri(analyze), "text/plain", "fine".getBytes(StandardCharsets.UTF_8));
        assertEquals(415, plain.statusCode(), plain.body());
        contract.check("POST", analyze, plain);
        checked.add("POST " + analyze + " 415");
    }

    static void aBodySlowerThanTheReadTimeout() throws Exception {
        // half the announced body, then nothing: REQUEST_READ_TIMEOUT (5 s) later the server answers 408
        Http.RawAnswer answer = Http.exchange(server.uri("/"), "POST /api/analyze HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: 40\r\n\r\n{\"text\": \"slow");
        assertEquals(408, answer.status(), answer.toString());
        contract.check("POST", "/api/analyze", answer.status(), answer.header("Content-Type"), answer.body());
        checked.add("POST /api/analyze 408");
    }

    static void modelAndMonitoringAnswers() throws Exception {
        String admin = "Bearer " + Deployments.ADMIN_TOKEN;
        expect(200, "GET", "/api/models", "/api/models", null);
        expect(406, "GET", "/api/models", "/api/models", null, "Accept", "text/plain");
        expect(200, "GET", "/api/model-info", "/api/model-info", null);
        expect(404, "GET", "/api/model-info", "/api/model-info?model=no-such-model", null);
        expect(200, "GET", "/api/performance", "/api/performance", null);
        expect(200, "GET", "/metrics", "/metrics", null);
        expect(200, "GET", "/api/metrics", "/api/metrics", null);
        for (String action : new String[]{"load", "unload"}) {
            String template = "/api/models/{name}/" + action;
            String path = "/api/models/sst2-bge-small/" + action;
            expect(401, "POST", template, path, null);
            expect(403, "POST", template, path, null, "Authorization", "Bearer wrong");
            expect(404, "POST", template, "/api/models/no-such-model/" + action, null, "Authorization", admin);
            expect(200, "POST", template, path, null, "Authorization", admin);
        }
        expect(401, "POST", "/api/performance/reset", "/api/performance/reset", null);
        expect(403, "POST", "/api/performance/reset", "/api/performance/reset", null, "Authorization", "Bearer wrong");
        expect(200, "POST", "/api/performance/reset", "/api/performance/reset", null, "Authorization", admin);
    }

    @Test
    void theServersAnswersAreTheDocumentedOnesForEveryDocumentedStatus() throws Exception {
        analysisAnswersAndItsErrors();
        aBodySlowerThanTheReadTimeout();
        modelAndMonitoringAnswers();
        Map<String, String> unchecked = new TreeMap<>();
        for (Map.Entry<String, PathItem> path : contract.api.getPaths().entrySet()) {
            for (Map.Entry<PathItem.HttpMethod, Operation> operation : path.getValue().readOperationsMap().entrySet()) {
                for (String status : operation.getValue().getResponses().keySet()) {
                    String key = operation.getKey().name() + " " + path.getKey() + " " + status;
                    if (!checked.contains(key) && !ELSEWHERE.containsKey(key)) {
                        unchecked.put(key, "neither produced here nor listed in ELSEWHERE");
                    }
                }
            }
        }
        assertEquals(Map.of(), unchecked);
    }
}
