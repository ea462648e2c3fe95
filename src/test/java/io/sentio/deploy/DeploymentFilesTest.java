package io.sentio.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The deployment files ({@code docker/k8s/*.yaml}, {@code docker/compose.yaml}, {@code docker/nginx.conf},
 * {@code docker/prometheus.yml}) parsed, and checked against each other and against the server's own defaults:
 * no Kubernetes cluster or Docker engine runs here, so what can go wrong on paper is caught on paper.
 */
class DeploymentFilesTest {

    static final Path DOCKER = Path.of("docker");
    static final Map<String, Map<String, Object>> K8S = new HashMap<>();
    static final Properties DEFAULTS = new Properties();

    @BeforeAll
    static void read() throws IOException {
        try (Stream<Path> files = Files.list(DOCKER.resolve("k8s"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object document : new Yaml().loadAll(Files.readString(file))) {
                    Map<String, Object> resource = map(document);
                    K8S.put((String) resource.get("kind"), resource);
                }
            }
        }
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/META-INF/microprofile-config.properties"))) {
            DEFAULTS.load(in);
        }
    }

    @Test
    void everyResourceKubernetesNeedsIsThere() {
        for (String kind : List.of("Deployment", "Service", "PodDisruptionBudget", "HorizontalPodAutoscaler")) {
            assertNotNull(K8S.get(kind), kind + " in docker/k8s");
        }
    }

    @Test
    void theProbesAreTheThreeMicroProfileHealthChecksOnTheServingPort() {
        Map<String, Object> container = container();
        Map<String, Object> port = map(list(container.get("ports")).get(0));
        assertEquals(exposedPort(), port.get("containerPort"), "the port the image exposes");
        Map<String, String> paths = Map.of("startupProbe", "/health/started", "readinessProbe", "/health/ready",
                "livenessProbe", "/health/live");
        paths.forEach((probe, path) -> {
            Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
            assertEquals(path, get.get("path"), probe);
            assertEquals(port.get("name"), get.get("port"), probe + " on the named serving port");
        });
        Map<String, Object> startup = map(container.get("startupProbe"));
        int startupSeconds = (int) startup.get("periodSeconds") * (int) startup.get("failureThreshold");
        assertTrue(startupSeconds >= 120, "the startup probe leaves Payara and the model load two minutes: " + startupSeconds);
    }

    @Test
    void theGracePeriodCoversThePreStopPauseTheDrainAndPayarasStop() {
        Map<String, Object> pod = podSpec();
        Map<String, Object> container = container();
        List<Object> preStop = list(map(map(map(container.get("lifecycle")).get("preStop")).get("exec")).get("command"));
        assertEquals("sleep", preStop.get(0));
        int pause = Integer.parseInt((String) preStop.get(1));
        int grace = Integer.parseInt(env(container).getOrDefault("SHUTDOWN_GRACE", DEFAULTS.getProperty("shutdown.grace")));
        int period = (int) pod.get("terminationGracePeriodSeconds");
        assertTrue(pause >= 3, "the endpoint leaves the Service before the drain: " + pause);
        assertTrue(period >= pause + grace + 10, "terminationGracePeriodSeconds " + period + " >= preStop " + pause
                + " + SHUTDOWN_GRACE " + grace + " + 10 (README, Graceful shutdown)");
    }

    @Test
    void aRollingUpdateNeverTakesAwayAServingReplicaFirst() {
        Map<String, Object> rolling = map(map(map(K8S.get("Deployment").get("spec")).get("strategy")).get("rollingUpdate"));
        assertEquals(0, rolling.get("maxUnavailable"));
        assertTrue((int) rolling.get("maxSurge") >= 1);
    }

    @Test
    void resourcesGiveWholeCoresAndAMemoryLimitTheServerPlansWith() {
        Map<String, Object> resources = map(container().get("resources"));
        Map<String, Object> requests = map(resources.get("requests"));
        Map<String, Object> limits = map(resources.get("limits"));
        assertEquals(requests.get("memory"), limits.get("memory"), "memory requested is memory guaranteed");
        assertTrue(Integer.parseInt((String) requests.get("cpu")) >= 1, "whole cores for single-threaded runs");
        long bytes = mebibytes((String) limits.get("memory"));
        String javaOpts = env(container()).getOrDefault("JAVA_OPTS", "");
        Matcher percent = Pattern.compile("MaxRAMPercentage=(\\d+)").matcher(javaOpts);
        assertTrue(percent.find(), "the heap is a share of the container's memory: " + javaOpts);
        long heap = bytes * Integer.parseInt(percent.group(1)) / 100;
        // README, Memory: budget = limit - heap - 320 MB reserve; the default model needs ~250 MB of it
        assertTrue(bytes - heap - 320 >= 400, "room for models beside a heap of " + heap + " MiB in " + bytes + " MiB");
    }

    @Test
    void serviceDisruptionBudgetAndAutoscalerNameTheDeploymentsPods() {
        Map<String, Object> deployment = K8S.get("Deployment");
        Map<String, Object> labels = map(map(map(map(deployment.get("spec")).get("template")).get("metadata")).get("labels"));
        Map<String, Object> service = map(K8S.get("Service").get("spec"));
        assertTrue(labels.entrySet().containsAll(map(service.get("selector")).entrySet()), "the Service selects the pods");
        Map<String, Object> servicePort = map(list(service.get("ports")).get(0));
        assertEquals(map(list(container().get("ports")).get(0)).get("name"), servicePort.get("targetPort"));
        Map<String, Object> pdb = map(K8S.get("PodDisruptionBudget").get("spec"));
        assertTrue(labels.entrySet().containsAll(map(map(pdb.get("selector")).get("matchLabels")).entrySet()));
        Map<String, Object> hpa = map(K8S.get("HorizontalPodAutoscaler").get("spec"));
        assertEquals(map(deployment.get("metadata")).get("name"), map(hpa.get("scaleTargetRef")).get("name"));
        int minAvailable = (int) pdb.get("minAvailable");
        assertTrue((int) hpa.get("minReplicas") > minAvailable, "a drain can always evict one replica");
        assertTrue((int) map(deployment.get("spec")).get("replicas") > minAvailable);
    }

    @Test
    void composeBalancerAndPrometheusNameTheSameReplicas() throws IOException {
        Map<String, Object> services = map(map(new Yaml().load(Files.readString(DOCKER.resolve("compose.yaml")))).get("services"));
        List<String> replicas = services.keySet().stream().filter(name -> name.startsWith("sentio-")).sorted().toList();
        assertTrue(replicas.size() >= 2, "two replicas or more: " + replicas);
        String port = Integer.toString(exposedPort());
        String nginx = Files.readString(DOCKER.resolve("nginx.conf"));
        List<String> upstream = new ArrayList<>();
        Matcher server = Pattern.compile("(?m)^\\s*server\\s+([\\w.-]+):(\\d+)").matcher(nginx);
        while (server.find()) {
            assertEquals(port, server.group(2), "nginx sends to the replicas' port");
            upstream.add(server.group(1));
        }
        assertEquals(replicas, upstream.stream().sorted().toList(), "nginx balances over every replica");
        Map<String, Object> scrape = map(list(map(new Yaml().load(Files.readString(DOCKER.resolve("prometheus.yml"))))
                .get("scrape_configs")).get(0));
        assertEquals("/metrics", scrape.get("metrics_path"));
        List<Object> targets = list(map(list(scrape.get("static_configs")).get(0)).get("targets"));
        assertEquals(replicas.stream().map(r -> r + ":" + port).toList(), targets.stream().sorted().toList(),
                "Prometheus scrapes every replica");
        // nginx's limits agree with the server's: bodies, and the request timeout answered before nginx gives up
        Matcher body = Pattern.compile("client_max_body_size\\s+(\\d+)m;").matcher(nginx);
        assertTrue(body.find());
        assertEquals(Long.parseLong(DEFAULTS.getProperty("analyze.max.body.bytes")), Long.parseLong(body.group(1)) << 20);
        Matcher read = Pattern.compile("proxy_read_timeout\\s+(\\d+)s;").matcher(nginx);
        assertTrue(read.find());
        assertTrue(Integer.parseInt(read.group(1)) > Integer.parseInt(DEFAULTS.getProperty("request.timeout")));
        // nginx's address is the one the replicas trust for X-Forwarded-For
        String nginxAddress = (String) map(map(map(services.get("nginx")).get("networks")).get("sentio")).get("ipv4_address");
        for (String replica : replicas) {
            assertEquals(nginxAddress, map(map(services.get(replica)).get("environment")).get("LOG_TRUSTED_PROXIES"), replica);
        }
        // every replica shares the one result cache: a Redis service of this file, at Redis' port
        for (String replica : replicas) {
            String url = (String) map(map(services.get(replica)).get("environment")).get("CACHE_REDIS_URL");
            Matcher redis = Pattern.compile("redis://([\\w.-]+):6379").matcher(url == null ? "" : url);
            assertTrue(redis.matches(), replica + " CACHE_REDIS_URL " + url);
            assertTrue(services.containsKey(redis.group(1)), "no service " + redis.group(1) + " for " + replica);
        }
    }

    private static int exposedPort() {
        try {
            Matcher expose = Pattern.compile("(?m)^EXPOSE\\s+(\\d+)").matcher(Files.readString(DOCKER.resolve("Dockerfile")));
            assertTrue(expose.find(), "the Dockerfile exposes a port");
            return Integer.parseInt(expose.group(1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> podSpec() {
        return map(map(map(K8S.get("Deployment").get("spec")).get("template")).get("spec"));
    }

    private static Map<String, Object> container() {
        return map(list(podSpec().get("containers")).get(0));
    }

    private static Map<String, String> env(Map<String, Object> container) {
        Map<String, String> env = new HashMap<>();
        for (Object entry : list(container.get("env"))) {
            env.put((String) map(entry).get("name"), String.valueOf(map(entry).get("value")));
        }
        return env;
    }

    private static long mebibytes(String quantity) {
        if (quantity.endsWith("Gi")) {
            return Long.parseLong(quantity.substring(0, quantity.length() - 2)) * 1024;
        }
        assertTrue(quantity.endsWith("Mi"), "a memory quantity in Gi or Mi: " + quantity);
        return Long.parseLong(quantity.substring(0, quantity.length() - 2));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        assertTrue(yaml instanceof Map, "a mapping: " + yaml);
        return (Map<String, Object>) yaml;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object yaml) {
        assertTrue(yaml instanceof List, "a sequence: " + yaml);
        return (List<Object>) yaml;
    }
}
