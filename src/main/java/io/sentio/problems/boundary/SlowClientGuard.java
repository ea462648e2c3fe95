package io.sentio.problems.boundary;

import io.sentio.monitoring.control.Monitoring;
import io.sentio.monitoring.entity.RequestOutcome;
import io.sentio.problems.entity.ProblemKind;
import jakarta.enterprise.context.control.RequestContextController;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.sentio.settings.control.ValidatedSettings;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The body of an analysis request is read without holding a thread, and must arrive within
 * {@code request.read.timeout} seconds.
 * <p>
 * A body not already in the server's buffer when the request comes in is read asynchronously (a servlet
 * {@link ReadListener}): a client that trickles it in holds a connection, never one of the threads that
 * health checks and other clients need. Once it is all there the request is dispatched on with the body in
 * memory; a client that has not sent it all by the deadline is answered 408 slow-request, and the connection
 * is closed. A body declared larger than {@code analyze.max.body.bytes} is answered 413 before it is read.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true, dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class SlowClientGuard extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(SlowClientGuard.class.getName());

    private static final String ANALYZE = "/api/analyze";

    /** Marks the dispatch of a request whose body this filter read; the attribute holds its {@link Body}. */
    private static final String READ = "sentio.body.read";
    private static final long DISPATCH_WATCH_SECONDS = 10;
    /**
     * How long the request's own thread waits for a body that is not all there yet. Most are (a client that wrote
     * the headers and the body apart, a second packet): they are read, and this thread itself asks for the
     * {@link AsyncContext#dispatch} before it leaves, which the container runs once this dispatch is over. Payara can
     * lose a dispatch issued by another thread while the first dispatch is still leaving the container (its
     * AsyncContextImpl sets the dispatch handler after the exit checked for one): a request then never got an
     * answer. A body slower than this is read without a thread and dispatched, by then well after this thread left.
     */
    private static final long INLINE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * The least time between the request's own thread leaving this filter and the dispatch of its read body: the
     * container's exit from that first dispatch must be over before the second is asked for (see above), and on a
     * loaded host it can take milliseconds. Only a body that arrives just after the inline wait is delayed by it.
     */
    private static final long DISPATCH_AFTER_LEAVING_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    @Inject
    @ConfigProperty(name = "request.read.timeout", defaultValue = "5")
    String readTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "analyze.max.body.bytes", defaultValue = "1048576")
    int maxBodyBytes;

    @Inject
    Monitoring monitoring;

    /** The dispatch after an asynchronous read runs on a thread without CDI's request context: it is activated here. */
    @Inject
    Instance<RequestContextController> requestContexts;

    private Duration readTimeout;
    private ScheduledExecutorService deadlines;

    @Override
    public void init() {
        readTimeout = ValidatedSettings.seconds(readTimeoutSeconds);
        deadlines = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sentio-read-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public void destroy() {
        deadlines.shutdownNow();
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            if (!(request.getAttribute(READ) instanceof Body body)) {
                chain.doFilter(request, response);
                return;
            }
            request.removeAttribute(READ);
            body.dispatched = true;
            RequestContextController context = requestContexts.get();
            boolean activated = context.activate();
            try {
                chain.doFilter(request, response);
            } finally {
                if (activated) {
                    context.deactivate();
                }
                requestContexts.destroy(context);
            }
            return;
        }
        if (!ANALYZE.equals(request.getServletPath() + Objects.requireNonNullElse(request.getPathInfo(), ""))) {
            chain.doFilter(request, response); // only the analysis reads a body; elsewhere the server skips it
            return;
        }
        long declared = request.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (declared > maxBodyBytes) {
            response.setHeader("Connection", "close");
            answer(response, ProblemKind.TOO_LARGE, 413, "the request body is " + declared
                    + " bytes; at most " + maxBodyBytes + " are accepted (ANALYZE_MAX_BODY_BYTES)", 0);
            return;
        }
        if (declared <= 0 && !chunked || !request.isAsyncSupported()
                || declared > 0 && request.getInputStream().available() >= declared) {
            chain.doFilter(request, response); // no body, or all of it here already: nothing to wait for
            return;
        }
        Body body = new Body(request, response, declared);
        body.start();
        if (body.awaitRead()) {
            // read while this thread waited: dispatched from this thread, before it leaves, so the container
            // runs the dispatch once this one is over; the analysis does not run here, where the request is
            // in asynchronous mode (RESTEasy, on Open Liberty, would then write its answer asynchronously and fail)
            body.dispatch();
        }
    }

    private void answer(HttpServletResponse response, ProblemKind kind, int status,
                        String detail, long startNanos) {
        ProblemResponse.send(response, kind, status, detail); // only analyses come here
        double millis = startNanos == 0 ? 0 : (System.nanoTime() - startNanos) / 1e6;
        monitoring.record(new RequestOutcome(status, millis, 0, kind.metricLabel()));
    }

    /** One body being read: by the container's read callbacks, or cut off by the deadline, whichever is first. */
    private final class Body implements ReadListener {
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        /** The declared length, or -1 for a chunked body. */
        private final long declared;
        private final long start = System.nanoTime();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final byte[] chunk = new byte[8192];
        private AsyncContext async;
        private ServletInputStream in;
        private ScheduledFuture<?> deadline;
        /** Set once by whoever ends the read: the last byte, the deadline, a failure. */
        private boolean over;
        /** Set with {@link #over} when the whole body was read. */
        private boolean read;
        /** Set when the request's own thread stopped waiting for the body: a read that ends later is dispatched. */
        private boolean threadLeft;
        /** When {@link #threadLeft} was set ({@link System#nanoTime}). */
        private long leftAt;
        /** Set when the container's dispatch after the read arrives. */
        private volatile boolean dispatched;

        Body(HttpServletRequest request, HttpServletResponse response, long declared) {
            this.request = request;
            this.response = response;
            this.declared = declared;
        }

        void start() throws IOException {
            async = request.startAsync(new BodyInMemory(request, bytes::toByteArray), response);
            async.setTimeout(0); // the deadline below decides; after the dispatch the analysis' own timeout does
            deadline = deadlines.schedule(this::tooSlow, readTimeout.toNanos(), TimeUnit.NANOSECONDS);
            in = request.getInputStream();
            in.setReadListener(this);
        }

        /**
         * Waits up to {@link #INLINE_WAIT_NANOS} for the whole body, on the request's own thread; true when it came
         * (the caller then dispatches it), false when the read goes on, or ended otherwise.
         */
        synchronized boolean awaitRead() {
            long end = System.nanoTime() + INLINE_WAIT_NANOS;
            try {
                for (long left = INLINE_WAIT_NANOS; !over && left > 0; left = end - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            threadLeft = true;
            leftAt = System.nanoTime();
            if (over && read) {
                LOG.fine(() -> "a body of " + bytes.size() + " bytes came after its headers; dispatched by its own thread");
                return true;
            }
            LOG.fine(() -> "a body is read without a thread (" + bytes.size() + " bytes so far)");
            return false;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady()) {
                int n = in.read(chunk);
                if (n < 0) { // the end of the body: on, whether or not onAllDataRead follows
                    onAllDataRead();
                    return;
                }
                synchronized (this) {
                    if (over) {
                        return;
                    }
                    bytes.write(chunk, 0, n);
                    // a chunked body over the limit (the parser answers 413), or every declared byte: on at once,
                    // without waiting for onAllDataRead
                    if (bytes.size() > maxBodyBytes || declared > 0 && bytes.size() >= declared) {
                        finish();
                        return;
                    }
                }
            }
        }

        @Override
        public void onAllDataRead() {
            synchronized (this) {
                if (!over) {
                    finish();
                }
            }
        }

        /** Called holding this body's lock. */
        private void finish() {
            over = true;
            read = true;
            deadline.cancel(false);
            if (!threadLeft) {
                notifyAll(); // the request's own thread is waiting for the body, and runs the request
                return;
            }
            long early = leftAt + DISPATCH_AFTER_LEAVING_NANOS - System.nanoTime();
            if (early > 0) {
                deadlines.schedule(this::dispatch, early, TimeUnit.NANOSECONDS);
            } else {
                dispatch();
            }
        }

        void dispatch() {
            request.setAttribute(READ, this);
            async.dispatch();
            // evidence for a container that loses the dispatch (a request then gets no answer at all)
            deadlines.schedule(() -> {
                if (!dispatched) {
                    LOG.warning("a request whose body was read (" + bytes.size() + " bytes) was not dispatched by the "
                            + "container within " + DISPATCH_WATCH_SECONDS + " s");
                }
            }, DISPATCH_WATCH_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void onError(Throwable failure) {
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
            }
            deadline.cancel(false);
            // the client went away, or sent a malformed chunk: nobody to answer, or nothing sensible to answer
            response.setHeader("Connection", "close");
            answer(response, ProblemKind.INVALID_REQUEST, 400, "the request body could not be read", start);
            async.complete();
        }

        private void tooSlow() {
            synchronized (this) {
                if (over) {
                    return;
                }
                if (in.isFinished()) { // all there, and the container never said so: go on with it
                    LOG.warning("a request body was complete at its read deadline without the container's "
                            + "onAllDataRead; the request goes on (" + bytes.size() + " bytes)");
                    finish();
                    return;
                }
                over = true;
            }
            try {
                response.setHeader("Connection", "close");
                answer(response, ProblemKind.SLOW_REQUEST, 408, "the request body did not arrive within "
                        + readTimeoutSeconds.trim() + " s (REQUEST_READ_TIMEOUT); " + bytes.size() + " bytes came", start);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "the 408 for a slow request body could not be written", e);
            } finally {
                async.complete();
            }
        }
    }
}
