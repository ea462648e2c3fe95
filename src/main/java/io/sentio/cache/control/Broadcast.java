package io.sentio.cache.control;

import java.util.function.Consumer;

/**
 * Messages to every member of a group, this one included: the channel on which members send each other copies of
 * the answers they scored ({@link Replicator}).
 */
interface Broadcast extends AutoCloseable {

    /** Sends one message to every member subscribed; does not wait for them. */
    void publish(byte[] message);

    /** Hands every message published from now on, by any member, to {@code receiver} (on the channel's thread). */
    void subscribe(Consumer<byte[]> receiver);

    /** Ends the subscription. */
    @Override
    void close();
}
