package io.sentio.it;

import io.sentio.analysis.entity.BatchAnswer;
import io.sentio.analysis.entity.SingleAnswer;
import io.sentio.client.SentioClient;
import io.sentio.client.SentioProblemException;
import io.sentio.client.TextRequest;
import io.sentio.client.TextsRequest;
import io.sentio.models.entity.ModelSummary;
import org.eclipse.microprofile.rest.client.RestClientBuilder;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The typed client (the client jar, {@code io.sentio.client}) against the real server: the README's example with
 * nothing of Sentio on the class path but that jar, and every call the interface has, errors included.
 */
@ExtendWith(ArquillianExtension.class)
class ClientIT {

    static final Path CLIENT_JAR = Path.of(Server.required("sentio.client.jar"));

    @Deployment(testable = false)
    @TargetsContainer("client")
    static WebArchive war() {
        return Deployments.war("client");
    }

    @ArquillianResource
    URL deployed;
    static Server server;
    static SentioClient sentio;

    @BeforeEach
    void locate() throws Exception {
        server = Server.at(deployed, "client");
        sentio = RestClientBuilder.newBuilder().baseUri(server.uri("")).build(SentioClient.class);
    }

    @Test
    void theReadmeExampleRunsWithTheClientJarAlone() throws Exception {
        URL testClasses = ClientExample.class.getProtectionDomain().getCodeSource().getLocation();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (ClientJarOnly loader = new ClientJarOnly(CLIENT_JAR.toUri().toURL(), testClasses);
             PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            Class<?> example = loader.loadClass(ClientExample.class.getName());
            assertEquals(loader, example.getClassLoader());
            // as in an application, whose class loader is the thread's: the Rest Client builds its proxy there
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try {
                example.getMethod("run", URI.class, PrintStream.class).invoke(null, server.uri(""), out);
            } finally {
                thread.setContextClassLoader(before);
            }
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), "printed: " + lines);
        assertTrue(lines.get(0).matches("POSITIVE 0\\.9\\d*"), lines.get(0));
        assertTrue(lines.get(1).startsWith("POSITIVE "), lines.get(1));
        assertTrue(lines.get(2).startsWith("NEGATIVE "), lines.get(2));
        assertEquals("404 https://sentio.io/problems/unknown-model", lines.get(3));
    }

    @Test
    void theClientJarHoldsTheClientAndTheRecordsItSharesWithTheServerOnly() throws Exception {
        try (JarFile jar = new JarFile(CLIENT_JAR.toFile())) {
            TreeSet<String> classes = Collections.list(jar.entries()).stream().map(e -> e.getName())
                    .filter(name -> name.endsWith(".class")).collect(Collectors.toCollection(TreeSet::new));
            assertTrue(classes.contains("io/sentio/client/SentioClient.class"), classes.toString());
            assertTrue(classes.contains("io/sentio/analysis/entity/SingleAnswer.class"), classes.toString());
            for (String name : classes) {
                assertTrue(name.startsWith("io/sentio/client/") || name.contains("/entity/")
                        || name.equals("io/sentio/JsonConfiguration.class"), "a server class in the client jar: "
                        + name);
            }
        }
        try (JarFile war = new JarFile(Server.required("sentio.war"))) {
            assertTrue(war.stream().noneMatch(e -> e.getName().startsWith("WEB-INF/classes/io/sentio/client/")),
                    "the client stays out of the server");
        }
    }

    @Test
    void answersCarryTheContractsFields() {
        SingleAnswer one = sentio.analyze(new TextRequest("A dull, lifeless and painfully boring movie.",
                "sentiment-e5-small", "chunk"));
        assertEquals("sentiment-e5-small", one.model());
        assertEquals("NEGATIVE", one.label());
        assertEquals(one.score(), one.scores().get("NEGATIVE"));
        assertEquals(1.0, one.scores().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-6);
        assertTrue(one.tokens() > 2 && one.chunks() == 1 && !one.truncated(), one.toString());
        assertTrue(one.processingTimeMs() >= 0, one.toString());

        List<String> texts = List.of("Wonderful, I love it.", "Terrible. I want my money back.",
                "Wonderful, I love it.");
        BatchAnswer batch = sentio.analyze(new TextsRequest(texts, null, "head"));
        assertEquals(List.of("POSITIVE", "NEGATIVE", "POSITIVE"),
                batch.results().stream().map(r -> r.label()).toList());
        assertEquals(batch.results().get(0).scores(), batch.results().get(2).scores());
    }

    @Test
    void modelsAndAdminCalls() {
        List<ModelSummary> models = sentio.models().models();
        assertTrue(models.stream().anyMatch(m -> m.isDefault() && m.name().equals("sentiment-e5-small")
                && m.labels().equals(List.of("NEGATIVE", "POSITIVE"))), models.toString());

        String admin = SentioClient.bearer(Deployments.ADMIN_TOKEN);
        assertTrue(sentio.load("sst2-bge-small", admin).loaded());
        assertTrue(sentio.models().models().stream().anyMatch(m -> m.name().equals("sst2-bge-small") && m.loaded()));
        assertTrue(sentio.unload("sst2-bge-small", admin).unloaded());
        assertFalse(sentio.unload("sst2-bge-small", admin).unloaded(), "not loaded any more");

        SentioProblemException noToken = assertThrows(SentioProblemException.class,
                () -> sentio.load("sst2-bge-small", null));
        assertEquals(401, noToken.problem().status());
        assertEquals("https://sentio.io/problems/unauthorized", noToken.problem().type());
        assertEquals(403, assertThrows(SentioProblemException.class,
                () -> sentio.load("sst2-bge-small", SentioClient.bearer("wrong"))).problem().status());
    }

    @Test
    void errorAnswersAreThrownWithTheirProblem() {
        SentioProblemException blank = assertThrows(SentioProblemException.class,
                () -> sentio.analyze(new TextRequest("  ")));
        assertEquals(400, blank.problem().status());
        assertEquals("https://sentio.io/problems/invalid-request", blank.problem().type());
        assertTrue(blank.problem().instance().startsWith("urn:uuid:"), blank.problem().toString());
        assertTrue(blank.getMessage().startsWith("400 "), blank.getMessage());

        List<String> tooMany = IntStream.range(0, 129).mapToObj(i -> "text " + i).toList();
        assertEquals(413, assertThrows(SentioProblemException.class,
                () -> sentio.analyze(new TextsRequest(tooMany))).problem().status());
        assertEquals("https://sentio.io/problems/unknown-model", assertThrows(SentioProblemException.class,
                () -> sentio.analyze(new TextRequest("fine", "no-such-model", null))).problem().type());
        assertEquals(400, assertThrows(SentioProblemException.class,
                () -> sentio.analyze(new TextRequest("fine", null, "middle"))).problem().status());
    }

    /**
     * Sentio's classes and resources from the given places only (the client jar, the example); every other class
     * and resource as usual. The server's classes ({@code target/classes}, on this test's class path) stay hidden,
     * their service files too (MicroProfile Config would find the server's config source there).
     */
    private static final class ClientJarOnly extends URLClassLoader {

        private final String serverClasses = SentioClient.class.getProtectionDomain().getCodeSource().getLocation()
                .toString();

        ClientJarOnly(URL... places) {
            super(places, ClientIT.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith("io.sentio.")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> type = findLoadedClass(name);
                if (type == null) {
                    type = findClass(name);
                }
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            List<URL> visible = new ArrayList<>();
            for (URL url : Collections.list(getParent().getResources(name))) {
                if (!url.toString().startsWith(serverClasses)) {
                    visible.add(url);
                }
            }
            visible.addAll(Collections.list(findResources(name)));
            return Collections.enumeration(visible);
        }

        @Override
        public URL getResource(String name) {
            try {
                Enumeration<URL> all = getResources(name);
                return all.hasMoreElements() ? all.nextElement() : null;
            } catch (IOException e) {
                return null;
            }
        }
    }
}
