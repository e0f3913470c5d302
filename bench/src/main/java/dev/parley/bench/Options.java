package dev.parley.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options: {@code --name value} pairs and bare {@code --flag}s. Every value a scenario reads is
 * remembered with its default, so that the report can print exactly the parameters the run used.
 */
final class Options {

    private final Map<String, String> given = new LinkedHashMap<>();
    private final Map<String, Object> used = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();

    static Options parse(String... args) {
        Options options = new Options();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                options.positional.add(arg);
                continue;
            }
            String name = arg.substring(2);
            int eq = name.indexOf('=');
            if (eq >= 0) {
                options.given.put(name.substring(0, eq), name.substring(eq + 1));
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                options.given.put(name, args[++i]);
            } else {
                options.given.put(name, "true");
            }
        }
        return options;
    }

    List<String> positional() {
        return List.copyOf(positional);
    }

    boolean flag(String name) {
        boolean value = Boolean.parseBoolean(given.getOrDefault(name, "false"));
        used.put(name, value);
        return value;
    }

    int integer(String name, int defaultValue) {
        int value = given.containsKey(name) ? Integer.parseInt(given.get(name).replace("_", "")) : defaultValue;
        used.put(name, value);
        return value;
    }

    String string(String name, String defaultValue) {
        String value = given.getOrDefault(name, defaultValue);
        used.put(name, value);
        return value;
    }

    List<Integer> integers(String name, String defaultValue) {
        String value = string(name, defaultValue);
        return Arrays.stream(value.split(",")).map(String::trim).map(s -> Integer.parseInt(s.replace("_", ""))).toList();
    }

    boolean has(String name) {
        return given.containsKey(name);
    }

    /** The parameters read so far, with the defaults that applied: what a report prints. */
    Map<String, Object> used() {
        return new LinkedHashMap<>(used);
    }

    /** Options given on the command line that no scenario read: most likely typos. */
    List<String> unused() {
        return given.keySet().stream().filter(name -> !used.containsKey(name)).toList();
    }
}
