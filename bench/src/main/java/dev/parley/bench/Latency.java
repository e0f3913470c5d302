package dev.parley.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.HistogramIterationValue;

/** A latency distribution recorded in microseconds (HdrHistogram, 3 significant digits), reported in milliseconds. */
final class Latency {

    private static final long MAX_MICROS = 3_600_000_000L;

    private final ConcurrentHistogram histogram = new ConcurrentHistogram(MAX_MICROS, 3);

    void recordNanos(long nanos) {
        histogram.recordValue(Math.min(MAX_MICROS, Math.max(0, nanos / 1_000)));
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileMs(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    double maxMs() {
        return count() == 0 ? 0 : histogram.getMaxValue() / 1_000.0;
    }

    /** count, mean, p50, p90, p99, p99.9 and max (ms), for tables and JSON. */
    Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", count());
        summary.put("mean_ms", round(count() == 0 ? 0 : histogram.getMean() / 1_000.0));
        summary.put("p50_ms", round(percentileMs(50)));
        summary.put("p90_ms", round(percentileMs(90)));
        summary.put("p99_ms", round(percentileMs(99)));
        summary.put("p99_9_ms", round(percentileMs(99.9)));
        summary.put("max_ms", round(maxMs()));
        return summary;
    }

    /** The whole distribution as (percentile, ms) points, for the percentile charts. */
    List<Map<String, Double>> distribution() {
        List<Map<String, Double>> points = new ArrayList<>();
        if (count() == 0) {
            return points;
        }
        for (HistogramIterationValue value : histogram.percentiles(5)) {
            points.add(Map.of("percentile", value.getPercentileLevelIteratedTo(),
                    "ms", value.getValueIteratedTo() / 1_000.0));
            if (value.getPercentileLevelIteratedTo() >= 100.0) {
                break;
            }
        }
        return points;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
