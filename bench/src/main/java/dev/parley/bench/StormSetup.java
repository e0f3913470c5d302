package dev.parley.bench;

import dev.parley.protocol.RoomView;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * The storm's population: users (written straight into the database of a server this bench started, or registered
 * over REST), a direct room for each consecutive pair and groups of consecutive users, created over REST, and one
 * {@link StormClient} per user holding its rooms.
 */
final class StormSetup {

    private static final SecureRandom RANDOM = new SecureRandom();

    private StormSetup() {
    }

    /**
     * {@code count} users with a session each, inserted in two statements: registering thousands over REST would hash
     * thousands of passwords (Argon2id, ~30 ms of CPU each on a shared core). They all get the password hash of one
     * user registered over REST (so they could sign in), and tokens made and hashed as the server makes them
     * (32 random bytes, base64url; SHA-256 stored).
     */
    static List<Api.User> usersInDatabase(Context ctx, int count) {
        String run = runId();
        String password = "bench-password-" + run;
        Api.User template = ctx.api().register("s" + run + "_t", password);
        String[] names = new String[count];
        String[] tokens = new String[count];
        String[] hashes = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = "s" + run + "_" + i;
            byte[] token = new byte[32];
            RANDOM.nextBytes(token);
            tokens[i] = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
            hashes[i] = HexFormat.of().formatHex(sha256(tokens[i]));
        }
        try (Connection db = ctx.server().connectDatabase()) {
            db.setAutoCommit(false);
            String passwordHash;
            try (PreparedStatement select = db.prepareStatement("SELECT password_hash FROM users WHERE username = ?")) {
                select.setString(1, template.name());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    passwordHash = row.getString(1);
                }
            }
            Map<String, Long> ids = new HashMap<>();
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO users (username, password_hash) SELECT name, ? FROM unnest(?::text[]) AS t(name)"
                            + " RETURNING id, username")) {
                insert.setString(1, passwordHash);
                insert.setArray(2, db.createArrayOf("text", names));
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        ids.put(rows.getString(2), rows.getLong(1));
                    }
                }
            }
            Long[] userIds = new Long[count];
            for (int i = 0; i < count; i++) {
                userIds[i] = ids.get(names[i]);
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO sessions (token_hash, user_id, expires_at) SELECT decode(hash, 'hex'), id,"
                            + " now() + interval '30 days' FROM unnest(?::text[], ?::bigint[]) AS t(hash, id)")) {
                insert.setArray(1, db.createArrayOf("text", hashes));
                insert.setArray(2, db.createArrayOf("bigint", userIds));
                insert.executeUpdate();
            }
            db.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the users into the server's database (try --setup rest): "
                    + e.getMessage(), e);
        }
        List<Api.User> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(new Api.User(names[i], tokens[i]));
        }
        return users;
    }

    /** {@code count} users registered over REST, as real users are (slow: one password hash each). */
    static List<Api.User> usersOverRest(Context ctx, int count, int parallelism) {
        String run = runId();
        return Population.inParallel(count, parallelism, i -> ctx.api().register("s" + run + "_" + i,
                "bench-password-" + run));
    }

    /** The clients and, for each room (by index), its members. */
    record Clients(List<StormClient> all, List<List<StormClient>> rooms) {
    }

    /**
     * Room i (i < users/2) is the direct room of users 2i and 2i+1; room users/2 + g is group g of users
     * g·size .. g·size + size − 1 (as many groups as fit). Each client holds its rooms from their current last seq.
     */
    static Clients clients(Context ctx, List<Api.User> users, int groups, int groupSize, StormRun run, int parallelism,
                           IntFunction<InetSocketAddress> local) {
        int pairs = users.size() / 2;
        int groupCount = Math.min(groups, groupSize < 2 ? 0 : users.size() / groupSize);
        List<RoomView> direct = Population.inParallel(pairs, parallelism,
                i -> ctx.api().createRoom(users.get(2 * i), users.get(2 * i + 1).name()));
        List<RoomView> groupRooms = Population.inParallel(groupCount, Math.min(parallelism, 4), g -> ctx.api()
                .createGroup(users.get(g * groupSize), "Storm " + g, users.subList(g * groupSize + 1,
                        (g + 1) * groupSize).stream().map(Api.User::name).toList()));
        List<List<StormClient.Room>> roomsOf = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            roomsOf.add(new ArrayList<>());
        }
        List<List<Integer>> membersOf = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            RoomView room = direct.get(i);
            roomsOf.get(2 * i).add(new StormClient.Room(i, room.roomUuid(), room.lastSeq()));
            roomsOf.get(2 * i + 1).add(new StormClient.Room(i, room.roomUuid(), room.lastSeq()));
            membersOf.add(List.of(2 * i, 2 * i + 1));
        }
        for (int g = 0; g < groupCount; g++) {
            RoomView room = groupRooms.get(g);
            List<Integer> members = new ArrayList<>();
            for (int m = g * groupSize; m < (g + 1) * groupSize; m++) {
                roomsOf.get(m).add(new StormClient.Room(pairs + g, room.roomUuid(), room.lastSeq()));
                members.add(m);
            }
            membersOf.add(members);
        }
        List<StormClient> clients = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            clients.add(new StormClient(users.get(i), roomsOf.get(i), run, local.apply(i)));
        }
        List<List<StormClient>> rooms = membersOf.stream()
                .map(members -> members.stream().map(clients::get).toList()).toList();
        return new Clients(List.copyOf(clients), rooms);
    }

    private static String runId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
