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
 * log already has the request. Every other record passes untouched.
 */
public final class ClientDisconnects implements Filter {

    private final Runnable counter;

    public ClientDisconnects(Runnable counter) {
        this.counter = counter;
    }

    @Override
    public boolean isLoggable(LogRecord record) {
        if (isDisconnect(record.getThrown())) {
            counter.run();
            return false;
        }
        return true;
    }

    /** Whether {@code failure} is, at its root, an I/O error of a connection the client closed or reset. */
    static boolean isDisconnect(Throwable failure) {
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
