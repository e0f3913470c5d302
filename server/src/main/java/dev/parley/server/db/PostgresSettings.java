package dev.parley.server.db;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * PostgreSQL settings for the machine Parley's embedded database runs on. PostgreSQL's stock settings fit a machine
 * from long ago (128 MB of shared buffers, a checkpoint every gigabyte of WAL): with millions of messages stored the
 * hot index pages no longer fit, and every checkpoint makes the next change of each page write a whole 8 kB image
 * to the WAL. The node shares the machine with its JVM, so the database takes a modest, documented share:
 * <ul>
 *   <li>{@code shared_buffers}: 1/8 of the memory (at least 128 MB, at most 8 GB); the operating system's page cache
 *   holds more, which {@code effective_cache_size} (1/2) tells the planner;</li>
 *   <li>{@code maintenance_work_mem}: 1/32 (64 MB to 1 GB), for vacuum and index builds;</li>
 *   <li>checkpoints every 15 minutes or 8 GB of WAL (at least 1 GB kept), spread over 90 % of the interval, and
 *   {@code wal_compression} for the full-page images they cause; 64 MB of WAL buffers for bursts of commits.</li>
 * </ul>
 * {@code parley.db.embedded-settings} overrides any of them (and adds others).
 */
public final class PostgresSettings {

    private static final long MB = 1024L * 1024;
    private static final long GB = 1024 * MB;

    private PostgresSettings() {
    }

    /** The settings sized to a machine with this much memory. */
    public static Map<String, String> sizedTo(long memoryBytes) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("shared_buffers", megabytes(clamp(memoryBytes / 8, 128 * MB, 8 * GB)));
        settings.put("effective_cache_size", megabytes(Math.max(memoryBytes / 2, 128 * MB)));
        settings.put("maintenance_work_mem", megabytes(clamp(memoryBytes / 32, 64 * MB, GB)));
        settings.put("wal_buffers", "64MB");
        settings.put("max_wal_size", "8GB");
        settings.put("min_wal_size", "1GB");
        settings.put("checkpoint_timeout", "15min");
        settings.put("checkpoint_completion_target", "0.9");
        settings.put("wal_compression", "on");
        return settings;
    }

    /** {@code name=value,name=value} (blank: none; a value may hold commas); a clear error for anything else. */
    public static Map<String, String> parse(String text) {
        Map<String, String> settings = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return settings;
        }
        // A comma starts the next pair only where a name= follows: values may hold commas (a,b library lists).
        for (String pair : text.split(",(?=\\s*[A-Za-z][A-Za-z0-9_.]*\\s*=)")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? "" : pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            // One line of postgresql.conf each: no control characters that could start another.
            if (!name.matches("[a-z][a-z0-9_.]*") || value.isBlank()
                    || value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("parley.db.embedded-settings: expected name=value pairs separated"
                        + " by commas (e.g. shared_buffers=2GB,max_wal_size=4GB), got '" + pair.strip() + "'");
            }
            settings.put(name, value.strip());
        }
        return settings;
    }

    /** The memory of this machine (or of its container, when limited), as the JVM sees it. */
    public static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 4 * GB;
    }

    private static long clamp(long value, long low, long high) {
        return Math.max(low, Math.min(high, value));
    }

    private static String megabytes(long bytes) {
        return bytes / MB + "MB";
    }
}
