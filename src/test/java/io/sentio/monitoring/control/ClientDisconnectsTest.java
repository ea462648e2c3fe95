package io.sentio.monitoring.control;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Client disconnects are counted and kept out of the log; every other record passes. */
class ClientDisconnectsTest {

    final AtomicInteger counted = new AtomicInteger();
    final ClientDisconnects filter = new ClientDisconnects(counted::incrementAndGet);

    static LogRecord record(Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, "Error while closing the output stream in order to commit response.");
        record.setThrown(thrown);
        return record;
    }

    @Test
    void jerseysDisconnectRecordsAreCountedNotLogged() {
        assertFalse(filter.isLoggable(record(new UncheckedIOException(new IOException("Connection is closed")))));
        assertFalse(filter.isLoggable(record(new RuntimeException(new IOException("Broken pipe")))));
        assertFalse(filter.isLoggable(record(new IOException("Connection reset by peer"))));
        assertEquals(3, counted.get());
    }

    @Test
    void theContainersFailedDefaultErrorPageAfterADisconnectIsDroppedOnce() {
        LogRecord aftermath = record(new IllegalStateException("getOutputStream() has already been called for this response"));
        assertTrue(filter.isLoggable(aftermath), "without a disconnect on this thread it is logged");
        ClientDisconnects.clientGone();
        assertFalse(filter.isLoggable(aftermath));
        assertTrue(filter.isLoggable(aftermath), "only the one right after the disconnect");
        assertEquals(1, counted.get());
    }

    @Test
    void everythingElsePasses() {
        assertTrue(filter.isLoggable(record(null)));
        assertTrue(filter.isLoggable(record(new IllegalStateException("a bug of ours"))));
        assertTrue(filter.isLoggable(record(new IOException("No space left on device"))));
        assertTrue(filter.isLoggable(record(new IllegalStateException("Connection is closed"))), "not an I/O error");
        assertEquals(0, counted.get());
    }
}
