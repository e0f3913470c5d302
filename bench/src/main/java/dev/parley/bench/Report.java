package dev.parley.bench;

import dev.parley.protocol.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one scenario run measured: its parameters, results, latency distributions, optional steps (ramp) and its
 * failures. Printed as tables and written as JSON ({@code <scenario>-<time>.json} and {@code <scenario>-latest.json}).
 */
final class Report {

    private final String scenario;
    private final Instant startedAt = Instant.now();
    private final Map<String, Object> params;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<String, Latency> latencies = new LinkedHashMap<>();
    private final List<Map<String, Object>> steps = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private Map<String, Object> verification;

    Report(String scenario, Map<String, Object> params) {
        this.scenario = scenario;
        this.params = new LinkedHashMap<>(params);
    }

    String scenario() {
        return scenario;
    }

    Report put(String key, Object value) {
        results.put(key, value instanceof Double d ? Latency.round(d) : value);
        return this;
    }

    Object get(String key) {
        return results.get(key);
    }

    Report latency(String name, Latency latency) {
        latencies.put(name, latency);
        return this;
    }

    Report step(Map<String, Object> step) {
        steps.add(step);
        return this;
    }

    Report verification(Verifier.Result result) {
        verification = result.asMap();
        if (!result.ok()) {
            fail("correctness check failed: " + result.asMap());
        }
        return this;
    }

    Report fail(String why) {
        failures.add(why);
        return this;
    }

    boolean ok() {
        return failures.isEmpty();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Adds the server's (and its database's) CPU between two samples, in total and per 1,000 units of work. */
    Report cpu(Server.Sample before, Server.Sample after, double benchCpuSeconds, long work, String unit) {
        double jvm = after.cpuSince(before);
        double db = after.dbCpuSince(before);
        put("server_cpu_s", jvm);
        put("db_cpu_s", db);
        put("bench_cpu_s", benchCpuSeconds);
        if (work > 0) {
            put("server_cpu_s_per_1k_" + unit, 1000 * jvm / work);
            put("db_cpu_s_per_1k_" + unit, 1000 * db / work);
            put("server_and_db_cpu_s_per_1k_" + unit, 1000 * (jvm + db) / work);
        }
        return this;
    }

    void print(PrintStream out) {
        out.println();
        out.println("== " + scenario + " ==");
        out.println("parameters: " + params);
        out.println(machine());
        table(out, List.of("result", "value"), results.entrySet().stream()
                .map(e -> List.of(e.getKey(), format(e.getValue()))).toList());
        if (!latencies.isEmpty()) {
            List<String> header = List.of("latency (ms)", "count", "mean", "p50", "p90", "p99", "p99.9", "max");
            List<List<String>> rows = new ArrayList<>();
            latencies.forEach((name, latency) -> {
                List<String> row = new ArrayList<>();
                row.add(name);
                latency.summary().values().forEach(v -> row.add(format(v)));
                rows.add(row);
            });
            table(out, header, rows);
        }
        if (!steps.isEmpty()) {
            List<String> header = new ArrayList<>(steps.getFirst().keySet());
            table(out, header, steps.stream()
                    .map(s -> header.stream().map(h -> format(s.get(h))).toList()).toList());
        }
        if (verification != null) {
            out.println("correctness: " + verification);
        }
        out.println(ok() ? "RESULT: OK" : "RESULT: FAILED " + failures);
    }

    /** Writes the JSON under {@code dir}; returns the timestamped file. */
    Path write(Path dir) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("scenario", scenario);
        json.put("started_at", startedAt.toString());
        json.put("machine", machine());
        json.put("params", params);
        json.put("results", results);
        Map<String, Object> latencyJson = new LinkedHashMap<>();
        latencies.forEach((name, latency) -> {
            Map<String, Object> one = new LinkedHashMap<>(latency.summary());
            one.put("distribution", latency.distribution());
            latencyJson.put(name, one);
        });
        json.put("latency", latencyJson);
        json.put("steps", steps);
        json.put("verification", verification);
        json.put("ok", ok());
        json.put("failures", failures);
        try {
            Files.createDirectories(dir);
            String text = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json);
            String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(startedAt);
            Path file = dir.resolve(scenario + "-" + stamp + ".json");
            Files.writeString(file, text);
            Files.writeString(dir.resolve(scenario + "-latest.json"), text);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        try {
            Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .ifPresent(l -> machine.put("memory_mb", Long.parseLong(l.replaceAll("\\D", "")) / 1024));
            Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> machine.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
        } catch (IOException e) {
            // not Linux: leave them out
        }
        try {
            // The machine may be shared: a busy one explains noisy numbers.
            machine.put("load_average_1m", Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return machine;
    }

    private static void table(PrintStream out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (int i = 0; i < header.size(); i++) {
            widths[i] = header.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        out.println(line(header, widths));
        StringBuilder rule = new StringBuilder();
        for (int width : widths) {
            rule.append("|").append("-".repeat(width + 2));
        }
        out.println(rule.append("|"));
        rows.forEach(row -> out.println(line(row, widths)));
    }

    private static String line(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append("| ").append(i == 0 ? pad(cell, widths[i]) : padLeft(cell, widths[i])).append(" ");
        }
        return line.append("|").toString();
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(width - s.length()) + s;
    }

    static String format(Object value) {
        if (value instanceof Double d) {
            return Math.abs(d) >= 100 ? String.format(Locale.ROOT, "%,.0f", d)
                    : String.format(Locale.ROOT, "%.3f", d).replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }
}
