package io.sentio;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import java.util.Map;

/** The JSON API lives under {@code /api}; health and metrics are served by the runtime at the root. */
@ApplicationPath("api")
public class JaxRsConfiguration extends Application {

    /**
     * Jersey (Payara's JAX-RS) answers {@code OPTIONS} with a WADL naming its version; the contract is
     * {@code docs/CONTRACT.md}, so that is off. Other JAX-RS runtimes ignore the property.
     */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
