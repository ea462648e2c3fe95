package io.sentio.monitoring.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Keeps client disconnects out of the server log. When a client goes away before its answer is written,
 * Jersey logs "Error while closing the output stream" at SEVERE with a 100-line stack trace: a log any
 * client can fill. Such a record is counted instead ({@code sentio_client_disconnects_total}); the access
 * log already has the request. Grizzly's stack trace for a client's malformed chunk, which it has answered with
 * 400 already, is dropped too. Every other record passes untouched.
 */
public final class ClientDisconnects implements Filter {

    /**
     * Set on the thread whose answer could not be written: the container then tries its default error page on
     * the same response and logs that this fails ("getOutputStream() has already been called"), the disconnect's
     * aftermath, which is dropped too.
     */
    private static final ThreadLocal<Boolean> GONE = new ThreadLocal<>();

    private final Runnable counter;

    public ClientDisconnects(Runnable counter) {
        this.counter = counter;
    }

    /** The client of the current thread's request went away before its answer was written. */
    public static void clientGone() {
        GONE.set(Boolean.TRUE);
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (isBrokenHttp(record.getThrown())) {
            return false; // a client's malformed HTTP (a bad chunk length): Grizzly answered it 400 already
        }
        if (isDisconnect(record.getThrown())) {
            counter.run();
            return false;
        }
        if (Boolean.TRUE.equals(GONE.get())) {
            GONE.remove();
            boolean aftermath = record.getThrown() instanceof IllegalStateException
                    && String.valueOf(record.getThrown().getMessage()).contains("has already been called");
            if (aftermath) {
                counter.run();
                return false;
            }
        }
        return true;
    }

    /** Whether Grizzly failed on a client's malformed HTTP, which it answers itself. */
    static boolean isBrokenHttp(Throwable failure) {
        return failure != null && failure.getClass().getName().equals("org.glassfish.grizzly.http.HttpBrokenContentException");
    }

    /** Whether {@code failure} is, at its root, an I/O error of a connection the client closed or reset. */
    public static boolean isDisconnect(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException && !(t instanceof java.io.FileNotFoundException) || t instanceof UncheckedIOException) {
                String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
                if (message.contains("connection is closed") || message.contains("broken pipe")
                        || message.contains("connection reset") || message.contains("closed channel")) {
                    return true;
                }
            }
        }
        return false;
    }
}
