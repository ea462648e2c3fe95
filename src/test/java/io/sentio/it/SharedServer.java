package io.sentio.it;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.nio.file.Path;
import java.util.Map;

/**
 * Hands test classes one Payara Micro with the default configuration, started once for the whole run
 * and stopped at its end: {@code @ExtendWith(SharedServer.class)} and a {@link PayaraMicro} parameter.
 */
public final class SharedServer implements ParameterResolver {

    public static final String ADMIN_TOKEN = "it-admin-token";
    /** Sentio's own log file (LOG_FILE) of the shared server. */
    public static final Path LOG_FILE = Path.of("target", "sentio-shared.log").toAbsolutePath();

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == PayaraMicro.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("sentio-shared-server", key -> new Handle(), Handle.class).server;
    }

    private static final class Handle implements ExtensionContext.Store.CloseableResource {
        final PayaraMicro server;

        Handle() {
            try {
                server = PayaraMicro.start(Map.of("ADMIN_TOKEN", ADMIN_TOKEN, "MEMORY_SAMPLE_SECONDS", "1",
                        "LOG_FILE", LOG_FILE.toString()));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start Payara Micro: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
