package io.sentio.analysis.boundary;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * A context class loader that remembers where the {@code META-INF/services/} files are; everything else goes
 * to the application's own loader.
 * <p>
 * Payara 6's managed executors look the {@code ThreadContextProvider} services up through the thread's
 * context class loader every time they accept a task, and Fault Tolerance's {@code @Timeout} gives its timer
 * to a managed scheduled executor on every call. That lookup walks every jar of the application and of the
 * server's API class loader: a fifth of the request path's Java CPU at concurrency 1 (JFR, 2026-11-27).
 * With this loader as the context class loader of the call, the walk happens once per service name.
 * The set of service files cannot change while the application runs.
 */
final class ServiceFileCache extends ClassLoader {

    static {
        registerAsParallelCapable();
    }

    private static final String SERVICES = "META-INF/services/";

    private final ConcurrentMap<String, List<URL>> found = new ConcurrentHashMap<>();

    ServiceFileCache(ClassLoader application) {
        super(application);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (!name.startsWith(SERVICES)) {
            return getParent().getResources(name);
        }
        List<URL> urls = found.get(name);
        if (urls == null) {
            urls = List.copyOf(Collections.list(getParent().getResources(name)));
            found.putIfAbsent(name, urls);
        }
        return Collections.enumeration(urls);
    }

    /** Runs {@code call} with this loader as context class loader when the thread's is the application's. */
    <T> T around(Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        if (previous != getParent()) {
            return call.get();
        }
        thread.setContextClassLoader(this);
        try {
            return call.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
