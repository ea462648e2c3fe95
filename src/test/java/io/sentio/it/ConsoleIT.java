package io.sentio.it;

import com.sun.net.httpserver.HttpServer;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The web console at {@code /} in a real browser: Debian's headless Chromium driven by Selenium through
 * Debian's chromedriver. Required where the environment variable CI is set ({@code .ci/run} installs both);
 * elsewhere skipped when they are missing.
 */
@ExtendWith(ArquillianExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    static final String POSITIVE = "I absolutely loved this film, the acting was superb and the story moving.";
    static final String NEGATIVE = "A dull, tedious waste of two hours; I hated every minute of it.";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final Duration PATIENCE = Duration.ofSeconds(30);
    // Chrome reports every non-2xx answer to fetch() as a SEVERE "Failed to load resource" entry
    static final Pattern NETWORK_ERROR = Pattern.compile("Failed to load resource: the server responded with a status of (\\d{3})");

    @Deployment(testable = false)
    @TargetsContainer("console")
    static WebArchive war() {
        return Deployments.war("console");
    }

    @ArquillianResource
    URL deployed;
    static Server server;
    static ChromeDriverService service;
    static WebDriver browser;
    static Path profile;
    @BeforeEach
    void locate() throws Exception {
        server = Server.at(deployed, "console");
    }

    /** Statuses the running test provokes on purpose from the page; any other SEVERE browser entry fails it. */
    final Set<Integer> provoked = new HashSet<>();

    @BeforeAll
    static void startBrowser() throws IOException {
        Path chromium = Path.of(System.getProperty("sentio.chromium", "/usr/bin/chromium"));
        Path chromedriver = Path.of(System.getProperty("sentio.chromedriver", "/usr/bin/chromedriver"));
        boolean present = Files.isExecutable(chromium) && Files.isExecutable(chromedriver);
        String need = "ConsoleIT needs Debian's chromium and chromium-driver at " + chromium + " and " + chromedriver
                + " (apt-get install -y chromium chromium-driver; .ci/run installs them)";
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            assertTrue(present, need + ", and the environment variable CI is set, so the browser tests are required");
        }
        assumeTrue(present, need + "; skipped because CI is unset");

        // the driver and browser are given explicitly, so Selenium Manager has nothing to look up or download
        System.setProperty("webdriver.chrome.driver", chromedriver.toString());
        System.setProperty("SE_AVOID_BROWSER_DOWNLOAD", "true");
        profile = Files.createTempDirectory("sentio-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1280,1000", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
                .withLogFile(Path.of("target", "chromedriver.log").toFile()).build();
        browser = new ChromeDriver(service, options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** No JavaScript error, CSP violation or failed load in the browser's console, apart from the answers the test asked for. */
    @AfterEach
    void browserConsoleIsClean() {
        if (browser == null) {
            return;
        }
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() < Level.SEVERE.intValue()) {
                continue;
            }
            Matcher network = NETWORK_ERROR.matcher(entry.getMessage());
            if (network.find() && provoked.contains(Integer.parseInt(network.group(1)))) {
                continue;
            }
            severe.add(entry.getMessage());
        }
        assertEquals(List.of(), severe, "SEVERE entries in the browser console");
    }

    @Test
    @Order(1)
    void rootServesTheConsoleBesideHealthAndMetrics() throws Exception {
        HttpResponse<String> root = Http.get(server.uri("/"));
        assertEquals(200, root.statusCode());
        assertTrue(root.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), root.headers().toString());
        assertTrue(root.body().contains("<title>Sentio console</title>"), root.body());
        for (String asset : List.of("/console/console.js", "/console/console.css", "/console/icon.svg")) {
            assertEquals(200, Http.get(server.uri(asset)).statusCode(), asset);
        }
        HttpResponse<String> health = Http.get(server.uri("/health"));
        assertEquals(200, health.statusCode());
        assertEquals("UP", Http.json(health).getString("status"));
        HttpResponse<String> metrics = Http.get(server.metrics());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(metrics.body().contains("# TYPE sentio_memory_rss_bytes gauge"), metrics.body());
    }

    @Test
    @Order(2)
    void tryItLabelsAPositiveAndANegativeSentence() throws Exception {
        open("/");
        waitFor(() -> browser.findElements(By.cssSelector("#model option[value='sentiment-e5-small']")).size() == 1,
                "the model picker lists the default model");

        type(POSITIVE);
        browser.findElement(By.id("analyze")).click();
        List<WebElement> results = awaitResults(1);
        assertEquals("POSITIVE", label(results.get(0)));
        assertEquals(2, results.get(0).findElements(By.cssSelector(".bars .cls")).size(), "a bar per class");
        String meta = results.get(0).findElement(By.className("meta")).getText();
        assertTrue(meta.matches("(?s).*Tokens:\\s*\\d+.*Truncated:\\s*no.*"), meta);
        assertTrue(browser.findElement(By.id("result-summary")).getText().matches(".*processing time [\\d.]+ ms.*"),
                browser.findElement(By.id("result-summary")).getText());

        // the keyboard alone: Ctrl+Enter in the text box analyzes
        type(NEGATIVE);
        browser.findElement(By.id("text")).sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
        results = awaitResults(1);
        assertEquals("NEGATIVE", label(results.get(0)));

        // multi-line mode: one text per line, answered in order
        browser.findElement(By.id("multi")).click();
        type(POSITIVE + "\n\n" + NEGATIVE + "\n");
        browser.findElement(By.id("analyze")).click();
        results = awaitResults(2);
        assertEquals(List.of("POSITIVE", "NEGATIVE"), results.stream().map(ConsoleIT::label).toList());
        screenshot("console-try.png");
    }

    @Test
    @Order(3)
    void rejectedInputShowsTheProblemTitle() throws Exception {
        open("/");
        // an empty box is caught in the page: no request
        long before = totalRequests();
        type("   ");
        browser.findElement(By.id("analyze")).click();
        assertEquals("Nothing to analyze", awaitProblem("try"));
        assertEquals(before, totalRequests(), "an empty text must not reach the server");

        // 129 lines, one over the server's limit of texts per request: the server's 413 problem, as the API gives it
        String lines = IntStream.rangeClosed(1, 129).mapToObj(i -> "line " + i).collect(Collectors.joining("\n"));
        JsonObject expected = Http.json(Http.postJson(server.uri("/api/analyze"), "{\"texts\": ["
                + IntStream.rangeClosed(1, 129).mapToObj(i -> Http.quote("line " + i)).collect(Collectors.joining(",")) + "]}"));
        assertEquals(413, expected.getInt("status"));
        provoked.add(413);
        browser.findElement(By.id("multi")).click();
        type(lines);
        browser.findElement(By.id("analyze")).click();
        assertEquals(expected.getString("title"), awaitProblem("try"));
        assertEquals(expected.getString("detail"), browser.findElement(By.id("try-error-detail")).getText());
    }

    @Test
    @Order(4)
    void serviceFiguresFollowABurstOfRequests() throws Exception {
        open("/");
        // switch views with the keyboard; focus must be visible
        WebElement tryTab = browser.findElement(By.id("tab-try"));
        tryTab.sendKeys(Keys.ARROW_RIGHT);
        waitFor(() -> "true".equals(browser.findElement(By.id("tab-service")).getAttribute("aria-selected")),
                "ArrowRight selects the Service tab");
        assertEquals("tab-service", js("return document.activeElement.id"));
        assertNotEquals("none", js("return getComputedStyle(document.activeElement).outlineStyle"), "focus is visible");

        waitFor(() -> figure("f-total") >= 0, "the Service view shows the request count");
        long shown = figure("f-total");
        int burst = 40;
        for (int i = 0; i < burst; i++) {
            assertEquals(200, Http.postJson(server.uri("/api/analyze"), "{\"text\": \"burst " + i + " was great\"}").statusCode());
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(400, Http.postJson(server.uri("/api/analyze"), "{\"text\": \"\"}").statusCode());
        }
        waitFor(() -> figure("f-total") >= shown + burst + 3, "the page's request count follows the burst");
        waitFor(() -> browser.findElement(By.id("errors-body")).getText().contains("invalid_request"),
                "errors by type list invalid_request");
        assertTrue(figure("f-rpm") >= burst + 3, browser.findElement(By.id("f-rpm")).getText());
        for (String id : List.of("f-p50", "f-p95", "f-p99")) {
            assertTrue(browser.findElement(By.id(id)).getText().matches("[\\d.,]+ ms"), id);
        }
        assertTrue(browser.findElement(By.id("f-errrate")).getText().matches("[\\d.]+ %"));

        // the memory chart draws the sampler's history (the shared server samples every second)
        waitFor(() -> browser.findElements(By.cssSelector("#memory-svg path[data-series='rss_mb']")).size() == 1
                && Integer.parseInt(browser.findElement(By.id("memory-svg")).getAttribute("data-samples")) >= 3,
                "the memory chart has a resident-memory line over several samples");

        // loaded models and hardware, as /api/model-info gives them
        JsonObject info = Http.json(Http.get(server.uri("/api/model-info")));
        WebElement row = browser.findElement(By.cssSelector("#models-body tr[data-model='sentiment-e5-small']"));
        assertEquals(info.getJsonObject("device_info").getString("recommended_device"), row.findElement(By.className("device")).getText());
        assertEquals(info.getJsonObject("optimization_settings").getString("precision"), row.findElement(By.className("precision")).getText());
        assertTrue(row.getText().contains(" " + info.getJsonObject("optimization_settings").getInt("batch_size") + " "), row.getText());
        assertNotEquals("–", browser.findElement(By.id("h-cpu")).getText());
        assertNotEquals("–", browser.findElement(By.id("h-ort")).getText());
        assertFalse(browser.findElement(By.id("view-service")).getText().contains("undefined"));
        assertFalse(browser.findElement(By.id("view-service")).getText().contains("NaN"));
        screenshot("console-service.png");
    }

    @Test
    @Order(5)
    void adminActionsNeedTheToken() throws Exception {
        open("/#service");
        waitFor(() -> figure("f-total") > 0, "the Service view shows traffic to reset");
        WebElement reset = browser.findElement(By.id("reset"));
        assertFalse(reset.isEnabled(), "reset is off before a token is entered");
        assertFalse(browser.findElement(By.cssSelector("#admin-models-body button")).isEnabled());

        // a wrong token: the server's 403 problem, and nothing is reset
        HttpResponse<String> refused = Http.send(HttpRequest.newBuilder(server.uri("/api/performance/reset"))
                .header("Authorization", "Bearer not-the-token").POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, refused.statusCode());
        provoked.add(403);
        enterToken("not-the-token");
        reset.click();
        assertEquals(Http.json(refused).getString("title"), awaitProblem("admin"));
        assertTrue(totalRequests() > 0);

        browser.findElement(By.id("token-forget")).click();
        assertFalse(reset.isEnabled(), "forgetting the token turns admin actions off");

        enterToken(Deployments.ADMIN_TOKEN);
        reset.click();
        waitFor(() -> browser.findElement(By.id("admin-status")).getText().equals("Statistics reset."), "the reset is confirmed");
        waitFor(() -> figure("f-total") == 0, "the page shows the statistics reset");

        // unload and load the default model from the page
        clickModelAction("sentiment-e5-small", "unload");
        waitFor(() -> !defaultModelLoaded(), "the default model is unloaded");
        waitFor(() -> stateOf("sentiment-e5-small").equals("not loaded"), "the page shows it unloaded");
        clickModelAction("sentiment-e5-small", "load");
        waitFor(this::defaultModelLoaded, "the default model is loaded again");
        waitFor(() -> stateOf("sentiment-e5-small").equals("loaded"), "the page shows it loaded");

        // the token lives in a JavaScript variable only
        assertEquals(0L, js("return localStorage.length + sessionStorage.length"));
        assertEquals("", js("return document.cookie"));
        assertEquals("", js("return document.getElementById('token').value"));
        assertFalse(browser.getCurrentUrl().contains(Deployments.ADMIN_TOKEN));
        assertFalse(browser.getPageSource().contains(Deployments.ADMIN_TOKEN));
    }

    @Test
    @Order(6)
    void phoneWidthNeedsNoSidewaysScrolling() throws Exception {
        Dimension desktop = browser.manage().window().getSize();
        try {
            browser.manage().window().setSize(new Dimension(375, 812));
            open("/");
            waitFor(() -> ((Number) js("return window.innerWidth")).intValue() <= 400, "a phone-width viewport");
            type(POSITIVE);
            browser.findElement(By.id("analyze")).click();
            assertEquals("POSITIVE", label(awaitResults(1).get(0)));
            assertNoSidewaysScrolling("Try it");
            browser.findElement(By.id("tab-service")).click();
            waitFor(() -> browser.findElements(By.id("memory-svg")).size() == 1, "the Service view is drawn");
            assertNoSidewaysScrolling("Service");
            screenshot("console-phone-service.png");
        } finally {
            browser.manage().window().setSize(desktop);
        }
    }

    /** Against a stub server whose answers lack or garble every field: the page shows "–" and throws nothing. */
    @Test
    @Order(7)
    void oddAnswersShowDashesNotErrors() throws Exception {
        Map<String, String> answers = Map.of(
                "/api/models", "{\"models\": [{\"name\": \"odd\"}, null, 7, {\"loaded\": true}]}",
                "/api/performance", "{\"latency_percentiles\": null, \"errors_by_type\": [], \"system_metrics\": \"x\","
                        + " \"memory\": {\"history\": [{\"at\": \"yesterday\"}, {}, null]}}",
                "/api/model-info", "{\"model_cache\": {\"loaded\": [{\"name\": \"odd\"}, 5]}, \"device_info\": null}",
                "/api/analyze", "{\"results\": [{}, {\"label\": null, \"scores\": {\"A\": \"high\"}, \"chunks\": [1, 2]}]}");
        Path webapp = Path.of("src", "main", "webapp");
        HttpServer stub = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        stub.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            String type;
            int status = 200;
            if (answers.containsKey(path)) {
                body = answers.get(path).getBytes(StandardCharsets.UTF_8);
                type = "application/json";
            } else {
                Path file = webapp.resolve(path.equals("/") ? "index.html" : path.substring(1)).normalize();
                boolean servable = file.startsWith(webapp) && Files.isRegularFile(file);
                body = servable ? Files.readAllBytes(file) : new byte[0];
                status = servable ? 200 : 404;
                type = file.toString().endsWith(".html") ? "text/html" : file.toString().endsWith(".js") ? "text/javascript"
                        : file.toString().endsWith(".css") ? "text/css" : "image/svg+xml";
            }
            exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        try {
            String base = "http://127.0.0.1:" + stub.getAddress().getPort();
            browser.get(base + "/#service");
            waitFor(() -> browser.findElement(By.id("svc-status")).getText().startsWith("Updated"), "the stub's answers are shown");
            for (String id : List.of("f-rpm", "f-total", "f-p50", "f-p99", "f-errrate", "f-uptime", "f-mem", "f-cpu", "h-cpu", "h-os")) {
                assertEquals("–", browser.findElement(By.id(id)).getText(), id);
            }
            assertTrue(browser.findElement(By.cssSelector("#models-body tr[data-model='odd']")).getText().contains("–"));
            browser.findElement(By.id("tab-try")).click();
            type("anything");
            browser.findElement(By.id("analyze")).click();
            List<WebElement> results = awaitResults(2);
            assertEquals("–", label(results.get(0)));
            assertTrue(results.get(1).getText().matches("(?s).*Chunks:\\s*2.*"), results.get(1).getText());
            String page = browser.findElement(By.tagName("body")).getText();
            assertFalse(page.contains("undefined") || page.contains("NaN") || page.contains("null"), page);
        } finally {
            stub.stop(0);
        }
    }

    // ---------- helpers ----------

    static void open(String path) {
        browser.get(server.uri(path).toString());
        waitFor(() -> "complete".equals(js("return document.readyState")), "the page loads");
    }

    static Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    static void waitFor(Supplier<Boolean> condition, String what) {
        new WebDriverWait(browser, PATIENCE).withMessage(what).ignoring(RuntimeException.class)
                .until(driver -> condition.get());
    }

    static void type(String text) {
        WebElement box = browser.findElement(By.id("text"));
        box.clear();
        box.sendKeys(text);
    }

    /** Waits for the answer to the analysis just sent: the page says "Done: ..." once it has drawn the results. */
    static List<WebElement> awaitResults(int count) {
        waitFor(() -> browser.findElement(By.id("try-status")).getText().startsWith("Done: ")
                && browser.findElements(By.className("result")).size() == count, count + " result(s) shown");
        List<WebElement> results = browser.findElements(By.className("result"));
        String status = browser.findElement(By.id("try-status")).getText();
        // mark these results as read, so the next call cannot mistake them for its own
        js("document.getElementById('try-status').textContent = ''");
        assertTrue(status.startsWith("Done: "), status);
        return results;
    }

    static String label(WebElement result) {
        return result.findElement(By.className("label")).getText();
    }

    static String awaitProblem(String prefix) {
        WebElement box = browser.findElement(By.id(prefix + "-error"));
        new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOf(box));
        return browser.findElement(By.id(prefix + "-error-title")).getText();
    }

    /** A whole number shown on the Service view, or -1 while it shows none. */
    static long figure(String id) {
        String shown = browser.findElement(By.id(id)).getText().replace(",", "");
        return shown.matches("\\d+") ? Long.parseLong(shown) : -1;
    }

    static long totalRequests() throws IOException, InterruptedException {
        return Http.json(Http.get(server.uri("/api/performance"))).getJsonNumber("total_requests").longValue();
    }

    static void enterToken(String token) {
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token, Keys.ENTER);
        waitFor(() -> browser.findElement(By.id("reset")).isEnabled(), "the token turns admin actions on");
    }

    static void clickModelAction(String model, String action) {
        By button = By.cssSelector("#admin-models-body button[data-model='" + model + "'][data-action='" + action + "']");
        // found and clicked in one step: the table is redrawn by every refresh, and a button found before one
        // and clicked after it is stale
        waitFor(() -> {
            WebElement offered = browser.findElement(button);
            if (!offered.isEnabled()) {
                return false;
            }
            offered.click();
            return true;
        }, action + " " + model + " is offered and clicked");
    }

    static String stateOf(String model) {
        for (WebElement row : browser.findElements(By.cssSelector("#admin-models-body tr"))) {
            if (row.findElements(By.cssSelector("button[data-model='" + model + "']")).size() == 1) {
                return row.findElement(By.className("model-state")).getText();
            }
        }
        return "";
    }

    boolean defaultModelLoaded() {
        try {
            return Http.json(Http.get(server.uri("/api/models"))).getJsonArray("models").getValuesAs(JsonObject.class).stream()
                    .anyMatch(m -> m.getString("name").equals("sentiment-e5-small") && m.getBoolean("loaded"));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertNoSidewaysScrolling(String view) {
        long page = ((Number) js("return document.documentElement.scrollWidth")).longValue();
        long window = ((Number) js("return document.documentElement.clientWidth")).longValue();
        assertTrue(page <= window, view + ": the page is " + page + " px wide in a " + window + " px window");
    }

    /** The whole page (the window grown to the page's height), under target/screenshots. */
    static void screenshot(String name) throws IOException {
        Dimension before = browser.manage().window().getSize();
        long height = ((Number) js("return document.documentElement.scrollHeight")).longValue();
        browser.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(4000, height + 200)));
        try {
            Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.manage().window().setSize(before);
        }
    }
}
