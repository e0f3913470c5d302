package dev.parley.server.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.server.Api;
import dev.parley.server.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The preload writes history the server itself could have written: every invariant the message path keeps holds
 * for it, and a preloaded user signs in and reads it over the API.
 */
class PreloadTest {

    private static final Preload.Plan PLAN = new Preload.Plan(3_000, 60, 40, 0.25, 30, 7);
    private static long firstUserId;
    private static String output;

    @BeforeAll
    static void preload() throws SQLException {
        Api.shared(); // the shared node (and its database) is up
        try (Connection db = TestServer.dataSource().getConnection(); Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery(
                        "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM users_id_seq")) {
            row.next();
            firstUserId = row.getLong(1);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Preload.run(TestServer.dataSource(), PLAN, new PrintStream(out, true, StandardCharsets.UTF_8));
        output = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheUsersRoomsAndMessagesAskedForAndPrintsTheDatabaseSize() throws SQLException {
        assertThat(output).contains("database size: ").contains("bytes per message");
        assertThat(count("SELECT count(*) FROM users WHERE id >= " + firstUserId + " AND username LIKE 'preload\\_%'"))
                .isEqualTo(60);
        assertThat(count(preloadedRooms("count(*)", "true"))).isEqualTo(40);
        assertThat(count(preloadedRooms("count(*)", "kind = 'group'"))).isEqualTo(10);
        assertThat(count("SELECT count(*) FROM messages m JOIN rooms r ON r.id = m.room_id WHERE m.event IS NULL AND "
                + "r.id IN (" + preloadedRooms("id", "true") + ")")).isEqualTo(3_000);
    }

    @Test
    void everyRoomIsAGaplessLogWhoseCountersAndWatermarksMatchIt() throws SQLException {
        String rooms = preloadedRooms("id", "true");
        // seq dense from 1, last_seq its end, message_count and msg_no counting messages only, time moving forward
        assertThat(count("""
                SELECT count(*) FROM rooms r WHERE r.id IN (%s) AND (
                  r.last_seq <> (SELECT count(*) FROM messages m WHERE m.room_id = r.id)
                  OR r.last_seq <> coalesce((SELECT max(seq) FROM messages m WHERE m.room_id = r.id), 0)
                  OR r.message_count <> (SELECT count(*) FROM messages m WHERE m.room_id = r.id AND m.event IS NULL)
                  OR r.message_count <> coalesce((SELECT max(msg_no) FROM messages m WHERE m.room_id = r.id), 0))"""
                .formatted(rooms))).isZero();
        assertThat(count("""
                SELECT count(*) FROM (
                  SELECT created_at < lag(created_at) OVER w AS back_in_time,
                         message_uuid::text < lag(message_uuid::text) OVER w AS id_out_of_order
                  FROM messages WHERE room_id IN (%s) WINDOW w AS (PARTITION BY room_id ORDER BY seq)) t
                WHERE back_in_time OR id_out_of_order""".formatted(rooms))).isZero();
        // a group opens with its created event, by its owner; every sender is a member
        assertThat(count("""
                SELECT count(*) FROM rooms r WHERE r.id IN (%s) AND r.kind = 'group' AND NOT EXISTS (
                  SELECT 1 FROM messages m JOIN room_members o ON o.room_id = m.room_id AND o.user_id = m.sender_id
                  WHERE m.room_id = r.id AND m.seq = 1 AND m.event->>'action' = 'created' AND o.role = 'owner')"""
                .formatted(rooms))).isZero();
        assertThat(count("""
                SELECT count(*) FROM messages m WHERE m.room_id IN (%s) AND NOT EXISTS (
                  SELECT 1 FROM room_members o WHERE o.room_id = m.room_id AND o.user_id = m.sender_id)"""
                .formatted(rooms))).isZero();
        assertThat(count("""
                SELECT count(*) FROM room_members m JOIN rooms r ON r.id = m.room_id WHERE r.id IN (%s) AND (
                  m.delivered_seq <> r.last_seq OR m.read_seq > m.delivered_seq OR m.left_seq IS NOT NULL
                  OR m.joined_seq <> CASE r.kind WHEN 'group' THEN 1 ELSE 0 END)""".formatted(rooms))).isZero();
        assertThat(count("SELECT count(*) FROM rooms WHERE id IN (" + rooms + ") AND kind = 'group' AND "
                + "ticks_read > (SELECT min(read_seq) FROM room_members m WHERE m.room_id = rooms.id)")).isZero();
        assertThat(count("SELECT count(*) FROM messages WHERE room_id IN (" + rooms + ") AND event IS NULL AND "
                + "(client_id IS NULL OR length(content) = 0)")).isZero();
    }

    @Test
    void aPreloadedUserSignsInAndReadsTheirChatsWithUnreadCountsAndHistory() throws SQLException {
        String name;
        try (Connection db = TestServer.dataSource().getConnection(); Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery("SELECT u.username FROM users u JOIN room_members m ON m.user_id = u.id "
                        + "JOIN rooms r ON r.id = m.room_id WHERE u.id >= " + firstUserId + " AND r.last_seq > 0 "
                        + "ORDER BY r.last_seq DESC LIMIT 1")) {
            row.next();
            name = row.getString(1);
        }
        Api api = Api.shared();
        Api.Response login = api.post("/api/auth/login", null, Map.of("username", name,
                "password", Preload.PASSWORD));
        assertThat(login.status()).isEqualTo(200);
        String token = login.json().get("token").asText();

        Api.Response rooms = api.get("/api/rooms/", token);
        assertThat(rooms.status()).isEqualTo(200);
        assertThat(rooms.json().size()).isPositive();
        JsonNode busiest = null;
        for (JsonNode room : rooms.json()) {
            assertThat(room.get("unread_count").asLong()).isBetween(0L, room.get("last_seq").asLong());
            if (busiest == null || room.get("last_seq").asLong() > busiest.get("last_seq").asLong()) {
                busiest = room;
            }
        }
        UUID room = UUID.fromString(busiest.get("room_uuid").asText());
        Api.Response page = api.get("/api/messages/?room_uuid=" + room + "&limit=50", token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().size()).isEqualTo((int) Math.min(50, busiest.get("last_seq").asLong()));
        assertThat(page.json().get(page.json().size() - 1).get("seq").asLong())
                .isEqualTo(busiest.get("last_seq").asLong());
    }

    private static String preloadedRooms(String what, String condition) {
        return "SELECT " + what + " FROM rooms WHERE " + condition + " AND EXISTS (SELECT 1 FROM room_members m "
                + "WHERE m.room_id = rooms.id AND m.user_id >= " + firstUserId + ")";
    }

    private static long count(String query) throws SQLException {
        try (Connection db = TestServer.dataSource().getConnection(); Statement sql = db.createStatement();
                ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }
}
