package io.sentio.monitoring.boundary;

import io.sentio.monitoring.control.Monitoring;
import io.sentio.monitoring.entity.MemorySample;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.logging.Logger;

/**
 * Samples heap, non-heap and resident memory every {@code memory.sample.seconds} into a bounded
 * history, and warns when memory crosses {@code memory.warn.percent} of the heap limit or
 * {@code memory.warn.rss.mb}. The timer ticks each second, as {@code @Schedule} cannot read config.
 */
@Singleton
public class MemorySampler {

    private static final Logger LOG = Logger.getLogger(MemorySampler.class.getName());

    @Inject
    Monitoring monitoring;

    @Inject
    @ConfigProperty(name = "memory.warn.percent", defaultValue = "90")
    int warnPercent;

    @Inject
    @ConfigProperty(name = "memory.warn.rss.mb", defaultValue = "0")
    long warnRssMb;

    private long lastSample;
    private boolean warned;

    @Schedule(second = "*", minute = "*", hour = "*", persistent = false)
    void tick() {
        long now = System.currentTimeMillis();
        if (now - lastSample < monitoring.sampleSeconds() * 1000L - 500) {
            return;
        }
        lastSample = now;
        MemorySample sample = monitoring.sampleMemory();
        boolean heapHigh = sample.heapMax() > 0 && sample.heapUsed() * 100 >= sample.heapMax() * warnPercent;
        boolean rssHigh = warnRssMb > 0 && sample.rss() >= warnRssMb * 1024 * 1024;
        if ((heapHigh || rssHigh) && !warned) {
            LOG.warning(() -> String.format("memory high: heap %d of %d MB, resident %d MB (thresholds %d%% heap, %d MB resident)",
                    sample.heapUsed() >> 20, sample.heapMax() >> 20, sample.rss() >> 20, warnPercent, warnRssMb));
        }
        warned = heapHigh || rssHigh;
    }
}
