package io.sentio.models.control;

import io.sentio.inference.control.SentimentModel;
import io.sentio.inference.entity.EngineSettings;
import io.sentio.models.entity.ModelFolder;
import io.sentio.monitoring.control.ServiceMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads the engines and keeps every one not yet closed, evicted ones still in use included, so that a graceful
 * stop can halt them all before the process exits.
 */
@ApplicationScoped
public class EngineFleet {

    @Inject
    ServiceMetrics observer;

    private final Set<SentimentModel> engines = ConcurrentHashMap.newKeySet();

    /** The model in {@code folder}, loaded with {@code settings} and kept until it is closed. */
    SentimentModel load(ModelFolder folder, EngineSettings settings) throws IOException {
        SentimentModel model = SentimentModel.load(folder.dir(), settings, observer);
        engines.removeIf(SentimentModel::isClosed);
        engines.add(model);
        return model;
    }

    /** Stops every engine: a run still going is terminated, none starts any more. */
    void haltAll() {
        engines.forEach(SentimentModel::halt);
    }
}
