package io.sentio.models.control;

import io.sentio.inference.control.BatchObserver;
import io.sentio.inference.control.SentimentModel;
import io.sentio.device.entity.Device;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.problems.entity.ProblemKind;
import io.sentio.problems.entity.SentioException;
import io.sentio.models.entity.LoadedModelInfo;
import io.sentio.models.entity.ModelFolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The LRU registry with real model folders (links to the shipped model under other names). */
class ModelRegistryTest {

    @TempDir
    Path models;

    final AtomicInteger loads = new AtomicInteger();
    final List<String> unloaded = Collections.synchronizedList(new ArrayList<>());
    ModelRegistry registry;

    @BeforeEach
    void folders() throws IOException {
        Path shipped = Path.of(System.getProperty("sentio.models.dir", "models"), "sentiment-e5-small").toAbsolutePath();
        for (String name : List.of("a", "b", "c", "d")) {
            Path dir = Files.createDirectories(models.resolve(name));
            for (String file : ModelFolder.REQUIRED_FILES) {
                Files.createSymbolicLink(dir.resolve(file), shipped.resolve(file));
            }
        }
        Path broken = Files.createDirectories(models.resolve("broken"));
        Files.createSymbolicLink(broken.resolve("config.json"), shipped.resolve("config.json"));
        Files.createSymbolicLink(broken.resolve("tokenizer.json"), shipped.resolve("tokenizer.json"));
        Files.writeString(broken.resolve("model.onnx"), "not a model");
        ModelCatalog catalog = new ModelCatalog(models, Map.of());
        EngineSettings settings = Device.cpu("test").defaults();
        registry = new ModelRegistry(catalog::models, folder -> {
            loads.incrementAndGet();
            return SentimentModel.load(folder.dir(), settings, BatchObserver.NONE);
        }, 3, Duration.ofSeconds(30), (name, close) -> {
            close.run();
            unloaded.add(name);
        });
    }

    @AfterEach
    void close() {
        registry.close();
    }

    String label(String model, String text) throws Exception {
        try (ModelRegistry.Lease lease = registry.acquire(model)) {
            return lease.model().analyze(List.of(text)).get(30, TimeUnit.SECONDS).get(0).label();
        }
    }

    List<String> loaded() {
        return registry.stats().loaded().stream().map(LoadedModelInfo::name).toList();
    }

    @Test
    void keepsThreeAndEvictsTheLeastRecentlyUsed() throws Exception {
        assertEquals("POSITIVE", label("a", "a wonderful film"));
        label("b", "x");
        label("c", "x");
        label("a", "x"); // a is now the most recently used
        assertEquals(List.of("b", "c", "a"), loaded());
        registry.failure("b"); // health checks and listings read state; they must not count as use
        registry.loaded("b");
        label("d", "x");
        assertEquals(List.of("c", "a", "d"), loaded());
        assertEquals(List.of("b"), unloaded);
        assertEquals(1, registry.stats().evictions());
        assertEquals("POSITIVE", label("b", "a wonderful film"), "reloaded on demand with the same answer");
        assertEquals(5, loads.get());
        assertEquals(3, loaded().size());
    }

    @Test
    void aModelInUseIsPassedOverForEviction() throws Exception {
        try (ModelRegistry.Lease held = registry.acquire("a")) {
            label("b", "x");
            label("c", "x");
            label("d", "x"); // a is the least recently used, but in use: b goes instead
            assertEquals(List.of("b"), unloaded);
            assertTrue(loaded().contains("a"));
        }
    }

    @Test
    void aModelEvictedWhileInUseIsClosedOnlyAfterItsLastRequest() throws Exception {
        ModelRegistry.Lease a = registry.acquire("a");
        ModelRegistry.Lease b = registry.acquire("b");
        ModelRegistry.Lease c = registry.acquire("c");
        label("d", "x"); // every model is in use: a, the least recently used, leaves the cache but stays open
        assertFalse(loaded().contains("a"));
        assertFalse(unloaded.contains("a"));
        assertEquals("NEGATIVE", a.model().analyze(List.of("a dreadful bore")).get(30, TimeUnit.SECONDS).get(0).label());
        a.close();
        assertTrue(unloaded.contains("a"));
        b.close();
        c.close();
    }

    @Test
    void closingTheRegistryLeavesModelsInUseOpenUntilTheirRequestEndsAndClosesEachOnce() throws Exception {
        label("a", "fine");
        try (ModelRegistry.Lease b = registry.acquire("b")) {
            registry.close(); // the server shuts down while a request still runs on b
            assertEquals(List.of("a"), unloaded);
            assertEquals("NEGATIVE", b.model().analyze(List.of("a dreadful bore")).get(30, TimeUnit.SECONDS).get(0).label());
        }
        assertEquals(List.of("a", "b"), unloaded);
        registry.close();
        unloaded.clear();
        registry.unload("a");
        assertEquals(List.of(), unloaded, "nothing is closed twice");
    }

    @Test
    void concurrentFirstRequestsLoadOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(pool.submit(() -> {
                go.await();
                return label("a", "a wonderful film");
            }));
        }
        go.countDown();
        for (Future<String> call : calls) {
            assertEquals("POSITIVE", call.get(60, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertEquals(1, loads.get());
    }

    @Test
    void aBrokenModelFailsAloneAndUnknownNamesAreRejected() throws Exception {
        SentioException broken = assertThrows(SentioException.class, () -> registry.acquire("broken"));
        assertEquals(ProblemKind.MODEL_UNAVAILABLE, broken.kind());
        assertEquals(30, broken.retryAfterSeconds().orElseThrow());
        SentioException again = assertThrows(SentioException.class, () -> registry.acquire("broken"),
                "remembered, not retried at once");
        assertEquals(ProblemKind.MODEL_UNAVAILABLE, again.kind());
        assertEquals(1, loads.get());
        assertEquals("POSITIVE", label("a", "a wonderful film"));
        SentioException unknown = assertThrows(SentioException.class, () -> registry.acquire("nope"));
        assertEquals(ProblemKind.UNKNOWN_MODEL, unknown.kind());
        assertTrue(unknown.getMessage().contains("available: a, b, broken, c, d"), unknown.getMessage());
    }

    @Test
    void aLoadedModelIsLentWithoutLoadingAndOthersAreNot() throws Exception {
        assertEquals(Optional.empty(), registry.acquireLoaded("a")); // not loaded: never loads it
        assertEquals(Optional.empty(), registry.acquireLoaded("nobody"));
        assertEquals(0, loads.get());
        label("a", "fine");
        try (ModelRegistry.Lease lease = registry.acquireLoaded("a").orElseThrow()) {
            assertEquals("POSITIVE", lease.model().analyze(List.of("a wonderful film")).get(30, TimeUnit.SECONDS)
                    .get(0).label());
            assertEquals(1, registry.leased());
        }
        assertEquals(0, registry.leased());
        assertEquals(1, loads.get());
        assertThrows(SentioException.class, () -> registry.acquire("broken"));
        assertEquals(Optional.empty(), registry.acquireLoaded("broken")); // failed: acquire says why
        registry.refuseNew("stopping");
        assertEquals(Optional.empty(), registry.acquireLoaded("a"));
    }

    @Test
    void unloadFreesAModel() throws Exception {
        label("a", "x");
        assertTrue(registry.unload("a"));
        assertEquals(List.of(), loaded());
        assertEquals(List.of("a"), unloaded);
        assertFalse(registry.unload("a"));
    }

    @Test
    void afterRefuseNewNoLeaseIsGivenAndAwaitIdleWaitsForTheOnesOut() throws Exception {
        ModelRegistry.Lease out = registry.acquire("a");
        registry.refuseNew("stopping");
        SentioException refused = assertThrows(SentioException.class, () -> registry.acquire("a"));
        assertEquals(ProblemKind.SHUTTING_DOWN, refused.kind());
        assertTrue(refused.retryAfterSeconds().isPresent());
        assertEquals(1, registry.leased());
        assertFalse(registry.awaitIdle(Duration.ofMillis(50)), "a lease is still out");
        assertEquals("POSITIVE", out.model().analyze(List.of("a wonderful film")).get(30, TimeUnit.SECONDS).get(0).label(),
                "the lease out still serves");
        CompletableFuture<Boolean> idle = CompletableFuture.supplyAsync(() -> {
            try {
                return registry.awaitIdle(Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        out.close();
        assertTrue(idle.get(10, TimeUnit.SECONDS));
        assertEquals(0, registry.leased());
    }

    /**
     * A registry over the same folders with a memory budget: each folder is estimated at {@code estimateMb}
     * and its runs at 20 MB; loading adds {@code addsMb} of its name to a simulated resident memory (0: the
     * load cannot be measured, resident memory reads 0).
     */
    ModelRegistry budgeted(long budgetMb, Map<String, Long> estimateMb, Map<String, Long> addsMb) {
        ModelCatalog catalog = new ModelCatalog(models, Map.of());
        EngineSettings settings = Device.cpu("test").defaults();
        AtomicLong resident = new AtomicLong(addsMb.isEmpty() ? 0 : 500L << 20);
        ModelMemory memory = new ModelMemory(budgetMb << 20, 20L << 20,
                folder -> estimateMb.getOrDefault(folder.name(), 100L) << 20,
                () -> new ModelMemory.Snapshot(resident.get(), 0));
        return new ModelRegistry(catalog::models, folder -> {
            SentimentModel model = SentimentModel.load(folder.dir(), settings, BatchObserver.NONE);
            resident.addAndGet(addsMb.getOrDefault(folder.name(), 0L) << 20);
            return model;
        }, 10, Duration.ofSeconds(30), (name, close) -> {
            close.run();
            unloaded.add(name);
        }, memory);
    }

    static List<String> names(ModelRegistry registry) {
        return registry.stats().loaded().stream().map(LoadedModelInfo::name).toList();
    }

    @Test
    void aBudgetThatFitsTwoEvictsTheLeastRecentlyUsedForAThird() {
        try (ModelRegistry two = budgeted(250, Map.of(), Map.of())) { // 100 + 20 each: two fit, three do not
            two.warm("a");
            two.warm("b");
            two.warm("a");
            assertEquals(List.of("b", "a"), names(two));
            assertEquals(240, two.stats().chargedMb());
            two.warm("c");
            assertEquals(List.of("a", "c"), names(two));
            assertEquals(List.of("b"), unloaded);
            assertEquals(1, two.stats().evictions());
            LoadedModelInfo c = two.stats().loaded().get(1);
            assertEquals(120, c.memoryMb());
            assertEquals(null, c.measuredLoadMb()); // resident memory unknown: charged its estimate
        }
    }

    @Test
    void aModelLargerThanTheWholeBudgetIsRefusedWith507AndNothingIsEvicted() {
        try (ModelRegistry small = budgeted(250, Map.of("d", 240L), Map.of())) {
            small.warm("a");
            SentioException e = assertThrows(SentioException.class, () -> small.acquire("d"));
            assertEquals(ProblemKind.MODEL_TOO_LARGE, e.kind());
            assertTrue(e.getMessage().contains("260 MB") && e.getMessage().contains("250 MB"), e.getMessage());
            assertEquals(List.of("a"), names(small));
            assertEquals(List.of(), unloaded);
        }
    }

    @Test
    void aLoadIsChargedWhatItMeasuredAndOneThatTookMoreThanEstimatedEvictsMore() {
        // a and b estimated at 100; loading b adds 200: a (measured 100 + 20) and b (200 + 20) exceed 330
        try (ModelRegistry measured = budgeted(330, Map.of(), Map.of("a", 100L, "b", 200L))) {
            measured.warm("a");
            assertEquals(120, measured.stats().loaded().get(0).memoryMb());
            assertEquals(100L, measured.stats().loaded().get(0).measuredLoadMb());
            measured.warm("b");
            assertEquals(List.of("b"), names(measured));
            assertEquals(220, measured.stats().chargedMb());
            assertEquals(List.of("a"), unloaded);
        }
    }
}
