package dev.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.protocol.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts (XChart) from the latest JSON results: latency versus rate from {@code ramp}, and percentile
 * distributions from {@code chat} and {@code history}. Percentile charts use a "nines" axis (90, 99, 99.9, ...).
 */
final class Charts {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 480;
    private static final double MAX_NINES = 5;

    private Charts() {
    }

    /** Draws every chart whose results exist; returns the files written. */
    static List<Path> plot(Path resultsDir, Path outDir) {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(outDir);
            JsonNode ramp = latest(resultsDir, "ramp");
            if (ramp != null && ramp.path("steps").size() > 0) {
                written.add(save(latencyVersusRate(ramp), outDir.resolve("latency-vs-rate.png")));
            }
            JsonNode chat = latest(resultsDir, "chat");
            if (chat != null) {
                written.add(save(percentiles("chat: latency by percentile at "
                        + chat.path("params").path("rate").asInt() + " msgs/s", chat.path("latency"),
                        List.of("send→ack", "send→delivered")), outDir.resolve("chat-percentiles.png")));
            }
            JsonNode history = latest(resultsDir, "history");
            if (history != null) {
                written.add(save(percentiles("history: GET /api/messages/ latency, "
                        + history.path("params").path("concurrency").asInt() + " concurrent readers",
                        history.path("latency"), List.of("GET /api/messages/")), outDir.resolve("history-percentiles.png")));
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static XYChart latencyVersusRate(JsonNode ramp) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("ramp: send→delivered latency vs achieved rate")
                .xAxisTitle("achieved messages/s").yAxisTitle("latency (ms, log)").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        List<Double> rates = new ArrayList<>();
        for (JsonNode step : ramp.path("steps")) {
            rates.add(step.path("achieved_msgs_per_s").asDouble());
        }
        for (String p : List.of("p50", "p90", "p99", "p99_9")) {
            List<Double> values = new ArrayList<>();
            for (JsonNode step : ramp.path("steps")) {
                values.add(Math.max(0.01, step.path("delivered_" + p + "_ms").asDouble()));
            }
            chart.addSeries(p.replace('_', '.'), rates, values).setMarker(SeriesMarkers.CIRCLE);
        }
        int objective = ramp.path("params").path("p99-ms").asInt(50);
        XYSeries line = chart.addSeries("p99 objective (" + objective + " ms)",
                List.of(rates.stream().mapToDouble(d -> d).min().orElse(0), rates.stream().mapToDouble(d -> d).max().orElse(1)),
                List.of((double) objective, (double) objective));
        line.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static XYChart percentiles(String title, JsonNode latency, List<String> names) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("percentile").yAxisTitle("latency (ms, log)").build();
        style(chart);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.setCustomXAxisTickLabelsFormatter(Charts::percentileLabel);
        for (String name : names) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (JsonNode point : latency.path(name).path("distribution")) {
                double nines = nines(point.path("percentile").asDouble());
                x.add(nines);
                y.add(Math.max(0.01, point.path("ms").asDouble()));
            }
            if (!x.isEmpty()) {
                chart.addSeries(name, x, y).setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    private static double nines(double percentile) {
        return percentile >= 100 ? MAX_NINES : Math.min(MAX_NINES, -Math.log10(1 - percentile / 100));
    }

    private static String percentileLabel(double nines) {
        double percentile = 100 * (1 - Math.pow(10, -nines));
        return String.format(Locale.ROOT, "%.3f", percentile).replaceAll("0+$", "").replaceAll("\\.$", "") + "%";
    }

    private static void style(XYChart chart) {
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setMarkerSize(6);
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    private static JsonNode latest(Path dir, String scenario) throws IOException {
        Path file = dir.resolve(scenario + "-latest.json");
        return Files.isRegularFile(file) ? Json.mapper().readTree(file.toFile()) : null;
    }
}
