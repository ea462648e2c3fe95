package io.sentio.monitoring.control;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Snapshot;
import org.eclipse.microprofile.metrics.Timer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * MicroProfile metrics in the Prometheus text format 0.0.4, as Prometheus' own conventions (and
 * {@code promtool check metrics}) want them: values in base units with the unit in the name, a HELP
 * and TYPE line for every family, {@code _total} on counters, MicroProfile histograms and timers as summaries
 * whose quantiles, sum and count agree in unit, and their largest value as a gauge family of its own; the
 * service's own {@link BucketHistogram}s as Prometheus histograms.
 */
public final class PrometheusText {

    // dividing by a power of ten keeps 1234 microseconds 0.001234 s (multiplying by 1e-6 gives 0.0012339999999999999)
    private record Unit(String suffix, double multiplier, double divisor) {
        double base(double value) {
            return value * multiplier / divisor;
        }
    }

    private record Entry(MetricID id, Metric metric) {
    }

    private PrometheusText() {
    }

    /** The given metrics, one family per name, families sorted by name. */
    public static String render(Map<MetricID, Metric> metrics, Function<String, Metadata> metadata) {
        return render(metrics, metadata, List.of());
    }

    /** The given metrics and histograms, one family per name, families sorted by name. */
    public static String render(Map<MetricID, Metric> metrics, Function<String, Metadata> metadata,
                                List<BucketHistogram.Snapshot> histograms) {
        Map<String, Consumer<StringBuilder>> families = new TreeMap<>();
        Map<String, List<Entry>> entries = new TreeMap<>();
        metrics.forEach((id, metric) -> entries.computeIfAbsent(id.getName(), name -> new ArrayList<>())
                .add(new Entry(id, metric)));
        entries.forEach((name, list) -> families.put(name, out -> family(out, name, metadata.apply(name), list)));
        for (BucketHistogram.Snapshot h : histograms) {
            families.put(h.name(), out -> histogram(out, h));
        }
        StringBuilder out = new StringBuilder(8192);
        families.values().forEach(family -> family.accept(out));
        return out.toString();
    }

    private static void histogram(StringBuilder out, BucketHistogram.Snapshot h) {
        header(out, h.name(), h.help(), "histogram");
        MetricID id = new MetricID(h.name());
        for (int i = 0; i < h.bounds().length; i++) {
            sample(out, h.name() + "_bucket", id, "le=\"" + bound(h.bounds()[i]) + "\"", h.cumulative()[i]);
        }
        sample(out, h.name() + "_bucket", id, "le=\"+Inf\"", h.count());
        sample(out, h.name() + "_sum", id, null, h.sum());
        sample(out, h.name() + "_count", id, null, h.count());
    }

    /** A bucket bound as written by hand: 0.00005, 2.5, 30. */
    private static String bound(double value) {
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static void family(StringBuilder out, String name, Metadata metadata, List<Entry> entries) {
        String description = metadata == null ? "" : metadata.description().orElse("");
        Metric first = entries.get(0).metric();
        // a timer records nanoseconds whatever unit its metadata names
        Unit unit = first instanceof Timer ? unit(MetricUnits.NANOSECONDS)
                : unit(metadata == null ? MetricUnits.NONE : metadata.unit().orElse(MetricUnits.NONE));
        String base = name.endsWith(unit.suffix()) ? name : name + unit.suffix();
        String help = description.isBlank() ? name : description;
        if (first instanceof Counter) {
            String total = base.endsWith("_total") ? base : base + "_total";
            header(out, total, help, "counter");
            for (Entry e : entries) {
                sample(out, total, e.id(), null, unit.base(((Counter) e.metric()).getCount()));
            }
        } else if (first instanceof Gauge) {
            header(out, base, help, "gauge");
            for (Entry e : entries) {
                Number value = ((Gauge<?>) e.metric()).getValue();
                sample(out, base, e.id(), null, value == null ? Double.NaN : unit.base(value.doubleValue()));
            }
        } else if (first instanceof Histogram || first instanceof Timer) {
            header(out, base, help, "summary");
            for (Entry e : entries) {
                summary(out, base, e.id(), e.metric(), unit);
            }
            header(out, base + "_max", help + " (largest recent value)", "gauge");
            for (Entry e : entries) {
                sample(out, base + "_max", e.id(), null, unit.base(snapshot(e.metric()).getMax()));
            }
        }
    }

    private static void summary(StringBuilder out, String base, MetricID id, Metric metric, Unit unit) {
        for (Snapshot.PercentileValue p : snapshot(metric).percentileValues()) {
            sample(out, base, id, "quantile=\"" + number(p.getPercentile()) + "\"", unit.base(p.getValue()));
        }
        if (metric instanceof Histogram histogram) {
            sample(out, base + "_sum", id, null, unit.base(histogram.getSum()));
            sample(out, base + "_count", id, null, histogram.getCount());
        } else {
            Timer timer = (Timer) metric;
            sample(out, base + "_sum", id, null, unit.base(timer.getElapsedTime().toNanos()));
            sample(out, base + "_count", id, null, timer.getCount());
        }
    }

    private static Snapshot snapshot(Metric metric) {
        return metric instanceof Histogram histogram ? histogram.getSnapshot() : ((Timer) metric).getSnapshot();
    }

    private static Unit unit(String unit) {
        return switch (unit) {
            case MetricUnits.NANOSECONDS -> new Unit("_seconds", 1, 1e9);
            case MetricUnits.MICROSECONDS -> new Unit("_seconds", 1, 1e6);
            case MetricUnits.MILLISECONDS -> new Unit("_seconds", 1, 1e3);
            case MetricUnits.SECONDS -> new Unit("_seconds", 1, 1);
            case MetricUnits.MINUTES -> new Unit("_seconds", 60, 1);
            case MetricUnits.HOURS -> new Unit("_seconds", 3600, 1);
            case MetricUnits.DAYS -> new Unit("_seconds", 86400, 1);
            case MetricUnits.BYTES -> new Unit("_bytes", 1, 1);
            case MetricUnits.KILOBYTES -> new Unit("_bytes", 1e3, 1);
            case MetricUnits.MEGABYTES -> new Unit("_bytes", 1e6, 1);
            case MetricUnits.GIGABYTES -> new Unit("_bytes", 1e9, 1);
            case MetricUnits.NONE, "" -> new Unit("", 1, 1);
            default -> new Unit("_" + unit.replaceAll("[^a-zA-Z0-9_]", "_"), 1, 1);
        };
    }

    private static void header(StringBuilder out, String family, String help, String type) {
        out.append("# HELP ").append(family).append(' ')
                .append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(family).append(' ').append(type).append('\n');
    }

    private static void sample(StringBuilder out, String name, MetricID id, String extraLabel, double value) {
        out.append(name);
        Map<String, String> tags = id.getTags();
        if (!tags.isEmpty() || extraLabel != null) {
            out.append('{');
            String separator = "";
            for (Map.Entry<String, String> tag : tags.entrySet()) {
                out.append(separator).append(tag.getKey()).append("=\"").append(escape(tag.getValue())).append('"');
                separator = ",";
            }
            if (extraLabel != null) {
                out.append(separator).append(extraLabel);
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
