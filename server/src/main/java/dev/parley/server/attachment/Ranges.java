package dev.parley.server.attachment;

import java.util.Optional;

/**
 * The one byte range of a {@code Range: bytes=...} request header (RFC 9110): {@code a-b}, {@code a-} or the suffix
 * {@code -n}. Several ranges, other units, malformed values and a stale {@code If-Range} are answered with the whole
 * file, as the RFC allows; a range that starts past the end is unsatisfiable (416).
 */
final class Ranges {

    /** Bytes {@code from} to {@code from + length - 1}, or an unsatisfiable range. */
    record Range(long from, long length, boolean unsatisfiable) {
    }

    private Ranges() {
    }

    /** The range to serve of a file of {@code size} bytes; empty: the whole file (200). */
    static Optional<Range> parse(String header, long size, String ifRange, String etag) {
        if (header == null || (ifRange != null && !ifRange.strip().equals(etag))) {
            return Optional.empty();
        }
        String value = header.strip();
        if (!value.regionMatches(true, 0, "bytes=", 0, 6) || value.contains(",")) {
            return Optional.empty();
        }
        String spec = value.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String first = spec.substring(0, dash).strip();
            String last = spec.substring(dash + 1).strip();
            if (first.isEmpty()) { // the last n bytes
                long n = Long.parseLong(last);
                if (n <= 0) {
                    return Optional.of(new Range(0, 0, true));
                }
                long length = Math.min(n, size);
                return size == 0 ? Optional.of(new Range(0, 0, true)) : Optional.of(new Range(size - length, length, false));
            }
            long from = Long.parseLong(first);
            long to = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (from < 0 || (!last.isEmpty() && Long.parseLong(last) < from)) {
                return Optional.empty(); // not a valid range: ignored
            }
            if (from >= size) {
                return Optional.of(new Range(0, 0, true));
            }
            return Optional.of(new Range(from, to - from + 1, false));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
