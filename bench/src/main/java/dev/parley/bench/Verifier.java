package dev.parley.bench;

import dev.parley.protocol.MessageView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The correctness check of the chat scenarios: every acked message delivered to the other member exactly once and
 * in seq order, every send answered, and every acked message stored (REST history, paged) under its seq with its
 * sender and client_id, with no gaps in the room's seqs.
 */
final class Verifier {

    private Verifier() {
    }

    /** Counts of everything that went wrong; a run is correct when all are zero. */
    record Result(long acked, long delivered, long lost, long duplicated, long outOfOrder, long unacked,
                  long deliveredUnacked, long missingInDb, long wrongInDb, long seqGaps, long storedUnacked,
                  long dbMessages, List<String> examples) {

        boolean ok() {
            return lost == 0 && duplicated == 0 && outOfOrder == 0 && unacked == 0 && deliveredUnacked == 0
                    && missingInDb == 0 && wrongInDb == 0 && seqGaps == 0;
        }

        Map<String, Object> asMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("ok", ok());
            map.put("acked", acked);
            map.put("delivered", delivered);
            map.put("lost", lost);
            map.put("duplicated", duplicated);
            map.put("out_of_order", outOfOrder);
            map.put("unanswered_sends", unacked);
            map.put("delivered_but_not_acked", deliveredUnacked);
            map.put("db_messages", dbMessages);
            map.put("missing_in_db", missingInDb);
            map.put("wrong_in_db", wrongInDb);
            map.put("db_seq_gaps", seqGaps);
            map.put("stored_but_not_acked", storedUnacked);
            map.put("examples", examples);
            return map;
        }
    }

    static Result verify(ChatLoad load, Api api, int parallelism) {
        long acked = 0;
        long delivered = 0;
        long lost = 0;
        long duplicated = 0;
        long outOfOrder = 0;
        long unacked = 0;
        long deliveredUnacked = 0;
        List<String> examples = new ArrayList<>();
        for (Device receiver : load.devices()) {
            Device sender = load.peer(receiver);
            long[] sentSeqs = sender.ackedSeqs.toArray();
            long[] got = receiver.receivedSeqs.toArray();
            acked += sentSeqs.length;
            delivered += got.length;
            unacked += Math.max(0, sender.sent.get() - sender.acked.get() - sender.errors.get());
            Set<Long> seen = new HashSet<>();
            long previous = 0;
            for (long seq : got) {
                if (!seen.add(seq)) {
                    duplicated++;
                    example(examples, receiver.user().name() + " got seq " + seq + " twice");
                } else if (seq <= previous) {
                    outOfOrder++;
                    example(examples, receiver.user().name() + " got seq " + seq + " after " + previous);
                }
                previous = Math.max(previous, seq);
            }
            Set<Long> expected = new HashSet<>();
            for (long seq : sentSeqs) {
                expected.add(seq);
                if (!seen.contains(seq)) {
                    lost++;
                    example(examples, receiver.user().name() + " never got seq " + seq + " of " + receiver.room());
                }
            }
            for (long seq : seen) {
                if (!expected.contains(seq)) {
                    deliveredUnacked++;
                    example(examples, receiver.user().name() + " got seq " + seq + " that was never acked");
                }
            }
        }
        Database db = checkDatabase(load, api, parallelism, examples);
        return new Result(acked, delivered, lost, duplicated, outOfOrder, unacked, deliveredUnacked,
                db.missing, db.wrong, db.gaps, db.storedUnacked, db.messages, List.copyOf(examples));
    }

    private record Database(long messages, long missing, long wrong, long gaps, long storedUnacked) {
    }

    private static Database checkDatabase(ChatLoad load, Api api, int parallelism, List<String> examples) {
        List<Device> firsts = new ArrayList<>();
        Set<Device> taken = new HashSet<>();
        for (Device device : load.devices()) {
            if (taken.add(device) && taken.add(load.peer(device))) {
                firsts.add(device);
            }
        }
        List<Database> rooms = Population.inParallel(firsts.size(), parallelism, i -> {
            Device a = firsts.get(i);
            Device b = load.peer(a);
            List<MessageView> stored = api.allMessages(a.user(), a.room());
            Map<Long, MessageView> bySeq = new HashMap<>();
            long gaps = 0;
            long expectedSeq = 1;
            for (MessageView message : stored) {
                if (message.seq() != expectedSeq) {
                    gaps++;
                }
                expectedSeq = message.seq() + 1;
                bySeq.put(message.seq(), message);
            }
            long missing = 0;
            long wrong = 0;
            long acked = 0;
            for (Device sender : List.of(a, b)) {
                long[] seqs = sender.ackedSeqs.toArray();
                long[] ids = sender.ackedIds.toArray();
                acked += seqs.length;
                for (int k = 0; k < seqs.length; k++) {
                    MessageView message = bySeq.get(seqs[k]);
                    String clientId = sender.user().name() + "-" + ids[k];
                    if (message == null) {
                        missing++;
                        synchronized (examples) {
                            example(examples, "seq " + seqs[k] + " of " + a.room() + " acked but not stored");
                        }
                    } else if (!message.user().equals(sender.user().name()) || !clientId.equals(message.clientId())) {
                        wrong++;
                        synchronized (examples) {
                            example(examples, "seq " + seqs[k] + " of " + a.room() + " stored as " + message);
                        }
                    }
                }
            }
            return new Database(stored.size(), missing, wrong, gaps, Math.max(0, stored.size() - acked));
        });
        return rooms.stream().reduce(new Database(0, 0, 0, 0, 0), (x, y) -> new Database(x.messages + y.messages,
                x.missing + y.missing, x.wrong + y.wrong, x.gaps + y.gaps, x.storedUnacked + y.storedUnacked));
    }

    private static void example(List<String> examples, String what) {
        if (examples.size() < 10) {
            examples.add(what);
        }
    }
}
