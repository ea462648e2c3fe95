package io.sentio.inference.control;

/** The batcher's queue cannot take all of a request's texts: the caller should back off and retry. */
public class QueueFullException extends RuntimeException {

    public QueueFullException(int texts, int capacity) {
        super("the inference queue cannot take " + texts + " more text" + (texts == 1 ? "" : "s") + " now (it holds "
                + capacity + " texts not yet answered)");
    }
}
