package io.sentio;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JSON API lives under {@code /api}; health and metrics are served by the runtime at the root. */
@ApplicationPath("api")
public class JaxRsConfiguration extends Application {
}
