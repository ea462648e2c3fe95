package io.sentio.models.control;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

import java.util.logging.Logger;

/**
 * Returns the C heap's free memory to the operating system after a model is closed. glibc keeps what
 * ONNX Runtime frees in its arenas (and, once a large block has been freed, serves later large blocks
 * from the arenas too), so without {@code malloc_trim} an evicted model's memory stays resident.
 */
final class NativeHeap {

    private static final Logger LOG = Logger.getLogger(NativeHeap.class.getName());
    private static final Function MALLOC_TRIM = find();

    private NativeHeap() {
    }

    private static Function find() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("malloc_trim");
        } catch (UnsatisfiedLinkError | RuntimeException notGlibc) {
            LOG.info(() -> "no malloc_trim in this C library (" + notGlibc.getMessage()
                    + "): freed native memory is left to the allocator");
            return null;
        }
    }

    /** Asks the C library to release its free memory; {@code false} where it cannot be asked. */
    static boolean trim() {
        if (MALLOC_TRIM == null) {
            return false;
        }
        MALLOC_TRIM.invokeInt(new Object[] {0});
        return true;
    }
}
