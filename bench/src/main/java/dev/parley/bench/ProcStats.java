package dev.parley.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * CPU time and resident memory of processes from Linux's {@code /proc}. CPU counts user + system time of the
 * process itself (all its threads); a process that has gone away reads as zero.
 */
final class ProcStats {

    /** Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel configuration. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStats() {
    }

    /** utime + stime of {@code pid} in seconds. */
    static double cpuSeconds(long pid) {
        Optional<String> stat = read(Path.of("/proc", Long.toString(pid), "stat"));
        if (stat.isEmpty()) {
            return 0;
        }
        // The command name (field 2) may contain spaces: fields are counted after its closing parenthesis.
        String afterName = stat.get().substring(stat.get().lastIndexOf(')') + 2);
        String[] fields = afterName.split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    /** Sum of {@link #cpuSeconds(long)} over the given processes. */
    static double cpuSeconds(List<Long> pids) {
        return pids.stream().mapToDouble(ProcStats::cpuSeconds).sum();
    }

    /** VmRSS of {@code pid} in bytes (0 when unknown). */
    static long rssBytes(long pid) {
        return statusField(pid, "VmRSS:") * 1024;
    }

    /** The soft limit on open files of {@code pid}, or -1 when unknown. */
    static long openFilesLimit(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "limits")).stream()
                .flatMap(String::lines)
                .filter(line -> line.startsWith("Max open files"))
                .map(line -> line.substring("Max open files".length()).trim().split("\\s+")[0])
                .map(v -> v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v))
                .findFirst().orElse(-1L);
    }

    private static long statusField(long pid, String field) {
        return read(Path.of("/proc", Long.toString(pid), "status")).stream()
                .flatMap(String::lines)
                .filter(line -> line.startsWith(field))
                .map(line -> Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]))
                .findFirst().orElse(0L);
    }

    private static Optional<String> read(Path path) {
        try {
            return Optional.of(Files.readString(path));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
