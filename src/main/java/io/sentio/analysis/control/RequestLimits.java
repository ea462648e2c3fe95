package io.sentio.analysis.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The analysis request's limits, and the parser that applies them, for every part of the server that parses one. */
@ApplicationScoped
public class RequestLimits {

    @Inject
    @ConfigProperty(name = "analyze.max.texts", defaultValue = "128")
    int maxTexts;

    @Inject
    @ConfigProperty(name = "analyze.max.body.bytes", defaultValue = "1048576")
    int maxBodyBytes;

    @Produces
    RequestParser parser() {
        return new RequestParser(maxTexts, maxBodyBytes);
    }

    public int maxBodyBytes() {
        return maxBodyBytes;
    }
}
