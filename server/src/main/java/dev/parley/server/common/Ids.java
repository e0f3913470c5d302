package dev.parley.server.common;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import java.util.UUID;

/**
 * The identifiers Parley gives messages, events and rooms: version 7 UUIDs (RFC 9562), whose first 48 bits are the
 * time in milliseconds. Each new row then lands at the right edge of its unique index, on a page that is already in
 * memory, instead of on a random leaf of an index that outgrew memory long ago (which is what random version 4 ids
 * cost once millions of messages are stored). They stay unguessable enough: 74 random bits follow the time.
 */
public final class Ids {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private Ids() {
    }

    /** A new time-ordered id (monotonic within this process, even within one millisecond). */
    public static UUID next() {
        return GENERATOR.generate();
    }

    /** Row ids as the statements over many rows take them: comma-separated, for {@code string_to_array}. */
    public static String commaSeparated(java.util.Collection<Long> ids) {
        return ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
    }
}
