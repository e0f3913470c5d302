package dev.parley.bench;

import dev.parley.protocol.MessageView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The storm's correctness check, the {@link Verifier}'s rules for rooms of any size: every message acknowledged to
 * its sender (before, during or after the storm) received by every other member exactly once and in seq order,
 * nothing received that was never acknowledged, every send answered, and in the stored history every acknowledged
 * message under its seq with its sender and client_id, each client_id once, and no seq gaps.
 */
final class StormCheck {

    private StormCheck() {
    }

    /** The sender and client_id number of one acknowledged seq. */
    private record Origin(StormClient sender, long id) {
    }

    static Verifier.Result verify(List<List<StormClient>> rooms, Api api, int parallelism) {
        long acked = 0;
        long delivered = 0;
        long lost = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long deliveredUnacked = 0;
        long twoSeqs = 0;
        List<String> examples = new ArrayList<>();
        List<Map<Long, Origin>> origins = new ArrayList<>();
        for (int r = 0; r < rooms.size(); r++) {
            Map<Long, Origin> origin = new HashMap<>();
            for (StormClient member : rooms.get(r)) {
                for (StormClient.Acked a : member.ackedSends()) {
                    if (a.room() == r && origin.put(a.seq(), new Origin(member, a.id())) != null) {
                        twoSeqs++;
                        example(examples, "seq " + a.seq() + " of room " + r + " acknowledged to two sends");
                    }
                }
            }
            origins.add(origin);
            acked += origin.size();
            for (StormClient member : rooms.get(r)) {
                long[] got = member.room(r).received.toArray();
                delivered += got.length;
                Set<Long> seen = new HashSet<>();
                long previous = 0;
                for (long seq : got) {
                    if (!seen.add(seq)) {
                        duplicated++;
                        example(examples, member.user.name() + " got seq " + seq + " of room " + r + " twice");
                    } else if (seq <= previous) {
                        outOfOrder++;
                        example(examples, member.user.name() + " got seq " + seq + " after " + previous);
                    }
                    previous = Math.max(previous, seq);
                    if (!origin.containsKey(seq)) {
                        deliveredUnacked++;
                        example(examples, member.user.name() + " got seq " + seq + " of room " + r + ", never acked");
                    }
                }
                for (var entry : origin.entrySet()) {
                    if (entry.getValue().sender() != member && !seen.contains(entry.getKey())) {
                        lost++;
                        example(examples, member.user.name() + " never got seq " + entry.getKey() + " of room " + r);
                    }
                }
            }
        }
        long unanswered = rooms.stream().flatMap(List::stream).distinct().mapToLong(StormClient::unanswered).sum();
        List<long[]> stored = Population.inParallel(rooms.size(), parallelism, r -> checkStored(r, rooms.get(r),
                origins.get(r), api, examples));
        long[] db = new long[5]; // messages, missing, wrong, gaps, stored but not acked
        stored.forEach(counts -> {
            for (int i = 0; i < db.length; i++) {
                db[i] += counts[i];
            }
        });
        return new Verifier.Result(acked, delivered, lost, duplicated, outOfOrder, unanswered, deliveredUnacked,
                db[1], db[2] + twoSeqs, db[3], db[4], db[0], List.copyOf(examples));
    }

    private static long[] checkStored(int index, List<StormClient> members, Map<Long, Origin> origin, Api api,
                                      List<String> examples) {
        StormClient reader = members.getFirst();
        StormClient.Room room = reader.room(index);
        List<MessageView> history = api.allMessages(reader.user, room.uuid);
        Map<Long, MessageView> bySeq = new HashMap<>();
        Map<String, Integer> byClientId = new HashMap<>();
        long gaps = 0;
        long expected = 1;
        long messages = 0;
        for (MessageView message : history) {
            if (message.seq() != expected) {
                gaps++;
            }
            expected = message.seq() + 1;
            bySeq.put(message.seq(), message);
            if (message.clientId() != null && "message".equals(message.kind())) {
                messages++;
                byClientId.merge(message.clientId(), 1, Integer::sum);
            }
        }
        long missing = 0;
        long wrong = byClientId.values().stream().filter(n -> n > 1).count();
        for (var entry : origin.entrySet()) {
            MessageView message = bySeq.get(entry.getKey());
            String clientId = entry.getValue().sender().user.name() + "-" + entry.getValue().id();
            if (message == null) {
                missing++;
                synchronized (examples) {
                    example(examples, "seq " + entry.getKey() + " of " + room.uuid + " acked but not stored");
                }
            } else if (!message.user().equals(entry.getValue().sender().user.name())
                    || !clientId.equals(message.clientId())) {
                wrong++;
                synchronized (examples) {
                    example(examples, "seq " + entry.getKey() + " of " + room.uuid + " stored as " + message);
                }
            }
        }
        return new long[] {messages, missing, wrong, gaps, Math.max(0, messages - origin.size())};
    }

    private static void example(List<String> examples, String what) {
        if (examples.size() < 10) {
            examples.add(what);
        }
    }
}
