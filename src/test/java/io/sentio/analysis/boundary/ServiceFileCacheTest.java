package io.sentio.analysis.boundary;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServiceFileCacheTest {

    /** The application's loader: counts how often it is asked for resources. */
    static final class CountingLoader extends ClassLoader {
        final AtomicInteger lookups = new AtomicInteger();

        CountingLoader() {
            super(ServiceFileCacheTest.class.getClassLoader());
        }

        @Override
        public Enumeration<URL> getResources(String name) throws IOException {
            lookups.incrementAndGet();
            return super.getResources(name);
        }
    }

    final CountingLoader application = new CountingLoader();
    final ServiceFileCache cache = new ServiceFileCache(application);

    @Test
    void asksTheApplicationForAServiceFileOnceAndAnswersTheSameAfterwards() throws IOException {
        // JUnit Jupiter is a TestEngine service of the test class path: a real, non-empty answer
        String name = "META-INF/services/org.junit.platform.engine.TestEngine";
        List<URL> first = Collections.list(cache.getResources(name));
        List<URL> second = Collections.list(cache.getResources(name));
        assertEquals(Collections.list(application.getParent().getResources(name)), first);
        assertEquals(first, second);
        assertFalse(first.isEmpty());
        assertEquals(1, application.lookups.get());
    }

    @Test
    void otherResourcesGoToTheApplicationEveryTime() throws IOException {
        cache.getResources("META-INF/MANIFEST.MF");
        cache.getResources("META-INF/MANIFEST.MF");
        assertEquals(2, application.lookups.get());
    }

    @Test
    void serviceLoaderFindsTheSameProvidersThroughTheCache() throws ClassNotFoundException {
        Class<?> engines = Class.forName("org.junit.platform.engine.TestEngine");
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        thread.setContextClassLoader(application);
        try {
            long direct = ServiceLoader.load(engines, application).stream().count();
            long cached = cache.around(() -> ServiceLoader.load(engines).stream().count());
            long again = cache.around(() -> ServiceLoader.load(engines).stream().count());
            assertTrue(direct > 0);
            assertEquals(direct, cached);
            assertEquals(direct, again);
            assertEquals(2, application.lookups.get(), "the direct load and the first through the cache ask the application");
        } finally {
            thread.setContextClassLoader(original);
        }
    }

    @Test
    void runsUnderTheCacheOnlyWhenTheThreadHasTheApplicationsLoaderAndRestoresIt() {
        Thread thread = Thread.currentThread();
        ClassLoader original = thread.getContextClassLoader();
        try {
            thread.setContextClassLoader(application);
            assertSame(cache, cache.around(thread::getContextClassLoader));
            assertSame(application, thread.getContextClassLoader());

            assertThrows(IllegalStateException.class, () -> cache.around(() -> {
                throw new IllegalStateException("the call failed");
            }));
            assertSame(application, thread.getContextClassLoader());

            ClassLoader other = new ClassLoader(original) { };
            thread.setContextClassLoader(other);
            assertSame(other, cache.around(thread::getContextClassLoader));
        } finally {
            thread.setContextClassLoader(original);
        }
    }
}
