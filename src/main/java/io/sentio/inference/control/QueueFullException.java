package io.sentio.inference.control;

/** The batcher's queue is full: the caller should back off and retry. */
public class QueueFullException extends RuntimeException {

    public QueueFullException(int capacity) {
        super("the inference queue is full (" + capacity + " texts waiting)");
    }
}
