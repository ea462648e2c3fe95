package io.sentio.cache.control;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A Hazelcast topic of the server's data grid as a {@link Broadcast}. Hazelcast's classes are the server's, so they
 * are reached by reflection, and the listener is a proxy of Hazelcast's {@code MessageListener}. A plain (not
 * reliable) topic: a message to a member that is away is lost, which only makes a later miss there.
 */
final class HazelcastTopic implements Broadcast {

    private final Object topic;
    private final Method publish;
    private final Method addListener;
    private final Method removeListener;
    private final Class<?> listenerType;
    private final Method messageObject;
    private volatile UUID registration;

    private HazelcastTopic(Object topic, ClassLoader hazelcast) throws ReflectiveOperationException {
        this.topic = topic;
        Class<?> topicType = Class.forName("com.hazelcast.topic.ITopic", true, hazelcast);
        this.listenerType = Class.forName("com.hazelcast.topic.MessageListener", true, hazelcast);
        this.publish = topicType.getMethod("publish", Object.class);
        this.addListener = topicType.getMethod("addMessageListener", listenerType);
        this.removeListener = topicType.getMethod("removeMessageListener", UUID.class);
        this.messageObject = Class.forName("com.hazelcast.topic.Message", true, hazelcast)
                .getMethod("getMessageObject");
    }

    /** The topic {@code name} of the data grid {@code grid} (a {@code com.hazelcast.core.HazelcastInstance}). */
    static HazelcastTopic of(Object grid, String name) throws ReflectiveOperationException {
        Object topic = ServerJCache.gridMethod(grid, "getTopic", String.class).invoke(grid, name);
        return new HazelcastTopic(topic, grid.getClass().getClassLoader());
    }

    @Override
    public void publish(byte[] message) {
        call(publish, message);
    }

    @Override
    public void subscribe(Consumer<byte[]> receiver) {
        Object listener = Proxy.newProxyInstance(listenerType.getClassLoader(), new Class<?>[]{listenerType},
                (proxy, method, args) -> switch (method.getName()) {
                    case "onMessage" -> {
                        receiver.accept((byte[]) messageObject.invoke(args[0]));
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "Sentio's result cache copies";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        registration = (UUID) call(addListener, listener);
    }

    @Override
    public void close() {
        UUID r = registration;
        if (r != null) {
            registration = null;
            call(removeListener, r);
        }
    }

    private Object call(Method method, Object argument) {
        try {
            return method.invoke(topic, argument);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
