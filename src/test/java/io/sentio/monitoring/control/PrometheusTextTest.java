package io.sentio.monitoring.control;

import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Gauge;
import org.eclipse.microprofile.metrics.Histogram;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.Metric;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Snapshot;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrometheusTextTest {

    final Map<MetricID, Metric> metrics = new HashMap<>();
    final Map<String, Metadata> metadata = new HashMap<>();

    void add(String name, String description, String unit, Metric metric, Tag... tags) {
        metrics.put(new MetricID(name, tags), metric);
        metadata.put(name, Metadata.builder().withName(name).withDescription(description).withUnit(unit).build());
    }

    String render() {
        return PrometheusText.render(metrics, metadata::get);
    }

    @Test
    void countersGetTotalAndOneHeaderForAllTheirLabels() {
        add("requests", "Requests by status", MetricUnits.NONE, counter(7), new Tag("status", "200"));
        add("requests", "Requests by status", MetricUnits.NONE, counter(2), new Tag("status", "400"));
        assertEquals("""
                # HELP requests_total Requests by status
                # TYPE requests_total counter
                requests_total{status="200"} 7
                requests_total{status="400"} 2
                """, render());
    }

    @Test
    void bucketHistogramsAreHistogramFamiliesSortedWithTheOthers() {
        add("b_gauge", "A gauge", MetricUnits.NONE, (Gauge<Long>) () -> 1L);
        BucketHistogram h = new BucketHistogram("a_duration_seconds", "Durations", new double[]{0.00005, 0.5, 30});
        h.observe(0.00005);
        h.observe(0.25);
        h.observe(31);
        assertEquals("""
                # HELP a_duration_seconds Durations
                # TYPE a_duration_seconds histogram
                a_duration_seconds_bucket{le="0.00005"} 1
                a_duration_seconds_bucket{le="0.5"} 2
                a_duration_seconds_bucket{le="30"} 2
                a_duration_seconds_bucket{le="+Inf"} 3
                a_duration_seconds_sum 31.25005
                a_duration_seconds_count 3
                # HELP b_gauge A gauge
                # TYPE b_gauge gauge
                b_gauge 1
                """, PrometheusText.render(metrics, metadata::get, java.util.List.of(h.snapshot())));
    }

    @Test
    void gaugesInBaseUnitsWithTheUnitInTheName() {
        add("heap", "Heap in use", MetricUnits.KILOBYTES, (Gauge<Long>) () -> 3L);
        add("ratio", "", MetricUnits.NONE, (Gauge<Double>) () -> 0.25);
        assertEquals("""
                # HELP heap_bytes Heap in use
                # TYPE heap_bytes gauge
                heap_bytes 3000
                # HELP ratio ratio
                # TYPE ratio gauge
                ratio 0.25
                """, render());
    }

    @Test
    void histogramsAreSummariesInSecondsWithTheirLargestValueAsAGauge() {
        add("wait_duration", "Queue wait", MetricUnits.MICROSECONDS, histogram(3, 4500, snapshot(3000, 1234, 2900)));
        assertEquals("""
                # HELP wait_duration_seconds Queue wait
                # TYPE wait_duration_seconds summary
                wait_duration_seconds{quantile="0.5"} 0.001234
                wait_duration_seconds{quantile="0.99"} 0.0029
                wait_duration_seconds_sum 0.0045
                wait_duration_seconds_count 3
                # HELP wait_duration_seconds_max Queue wait (largest recent value)
                # TYPE wait_duration_seconds_max gauge
                wait_duration_seconds_max 0.003
                """, render());
    }

    @Test
    void timersRecordNanosecondsWhateverTheirUnit() {
        add("run", "Runs", MetricUnits.NONE, timer(2, Duration.ofMillis(30), snapshot(20_000_000, 10_000_000, 20_000_000)));
        assertEquals("""
                # HELP run_seconds Runs
                # TYPE run_seconds summary
                run_seconds{quantile="0.5"} 0.01
                run_seconds{quantile="0.99"} 0.02
                run_seconds_sum 0.03
                run_seconds_count 2
                # HELP run_seconds_max Runs (largest recent value)
                # TYPE run_seconds_max gauge
                run_seconds_max 0.02
                """, render());
    }

    @Test
    void labelValuesAndHelpAreEscaped() {
        add("odd", "line one\nback\\slash", MetricUnits.NONE, counter(1), new Tag("path", "a\"b\\c"));
        assertEquals("""
                # HELP odd_total line one\\nback\\\\slash
                # TYPE odd_total counter
                odd_total{path="a\\"b\\\\c"} 1
                """, render());
    }

    @Test
    void specialValues() {
        assertEquals("NaN", PrometheusText.number(Double.NaN));
        assertEquals("+Inf", PrometheusText.number(Double.POSITIVE_INFINITY));
        assertEquals("12", PrometheusText.number(12.0));
        assertEquals("1.0E-7", PrometheusText.number(1e-7));
    }

    static Counter counter(long count) {
        return new Counter() {
            public void inc() {
            }

            public void inc(long n) {
            }

            public long getCount() {
                return count;
            }
        };
    }

    static Snapshot snapshot(double max, double median, double p99) {
        return new Snapshot() {
            public long size() {
                return 2;
            }

            public double getMax() {
                return max;
            }

            public double getMean() {
                return median;
            }

            public PercentileValue[] percentileValues() {
                return new PercentileValue[] {new PercentileValue(0.5, median), new PercentileValue(0.99, p99)};
            }

            public HistogramBucket[] bucketValues() {
                return new HistogramBucket[0];
            }

            public void dump(OutputStream output) {
            }
        };
    }

    static Histogram histogram(long count, long sum, Snapshot snapshot) {
        return new Histogram() {
            public void update(int value) {
            }

            public void update(long value) {
            }

            public long getCount() {
                return count;
            }

            public long getSum() {
                return sum;
            }

            public Snapshot getSnapshot() {
                return snapshot;
            }
        };
    }

    static Timer timer(long count, Duration elapsed, Snapshot snapshot) {
        return new Timer() {
            public void update(Duration duration) {
            }

            public <T> T time(Callable<T> event) {
                return null;
            }

            public void time(Runnable event) {
            }

            public Context time() {
                return null;
            }

            public Duration getElapsedTime() {
                return elapsed;
            }

            public long getCount() {
                return count;
            }

            public Snapshot getSnapshot() {
                return snapshot;
            }
        };
    }
}
