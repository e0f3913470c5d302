package dev.parley.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The correctness check of the sync scenario: per room, the seqs a returning user received while catching up
 * (replayed over the WebSocket, then paged over REST, in arrival order) against the seqs sent while they were away.
 * Correct when every missed seq arrived exactly once, each room's in ascending order, and nothing else arrived.
 */
final class CatchUpCheck {

    private CatchUpCheck() {
    }

    /** Counts of everything that went wrong; correct when all are zero. */
    record Result(long missed, long received, long missing, long duplicated, long outOfOrder, long unexpected,
                  List<String> examples) {

        static final Result NONE = new Result(0, 0, 0, 0, 0, 0, List.of());

        boolean ok() {
            return missing == 0 && duplicated == 0 && outOfOrder == 0 && unexpected == 0;
        }

        /** Both results together (one run's repeats); the first ten examples are kept. */
        Result plus(Result other) {
            List<String> both = new ArrayList<>(examples);
            both.addAll(other.examples);
            return new Result(missed + other.missed, received + other.received, missing + other.missing,
                    duplicated + other.duplicated, outOfOrder + other.outOfOrder, unexpected + other.unexpected,
                    List.copyOf(both.subList(0, Math.min(10, both.size()))));
        }

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("ok", ok());
            map.put("missed", missed);
            map.put("received", received);
            map.put("missing", missing);
            map.put("duplicated", duplicated);
            map.put("out_of_order", outOfOrder);
            map.put("not_missed", unexpected);
            map.put("examples", examples);
            return map;
        }
    }

    /**
     * {@code missed}: per room, the seqs sent while the user was away; {@code received}: per room, the seqs that
     * reached them while catching up, in arrival order (a room missing from {@code missed} had nothing to catch up).
     */
    static Result check(Map<UUID, long[]> missed, Map<UUID, long[]> received) {
        long expected = 0;
        long got = 0;
        long missing = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long unexpected = 0;
        List<String> examples = new ArrayList<>();
        Set<UUID> rooms = new HashSet<>(missed.keySet());
        rooms.addAll(received.keySet());
        for (UUID room : rooms) {
            Set<Long> wanted = new HashSet<>();
            for (long seq : missed.getOrDefault(room, new long[0])) {
                wanted.add(seq);
            }
            expected += wanted.size();
            Set<Long> seen = new HashSet<>();
            long previous = 0;
            for (long seq : received.getOrDefault(room, new long[0])) {
                got++;
                if (!seen.add(seq)) {
                    duplicated++;
                    example(examples, "seq " + seq + " of " + room + " arrived twice");
                } else if (seq < previous) {
                    outOfOrder++;
                    example(examples, "seq " + seq + " of " + room + " arrived after " + previous);
                }
                if (!wanted.contains(seq)) {
                    unexpected++;
                    example(examples, "seq " + seq + " of " + room + " arrived but was not missed");
                }
                previous = Math.max(previous, seq);
            }
            for (long seq : wanted) {
                if (!seen.contains(seq)) {
                    missing++;
                    example(examples, "seq " + seq + " of " + room + " never arrived");
                }
            }
        }
        return new Result(expected, got, missing, duplicated, outOfOrder, unexpected, List.copyOf(examples));
    }

    private static void example(List<String> examples, String what) {
        if (examples.size() < 10) {
            examples.add(what);
        }
    }
}
