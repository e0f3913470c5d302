package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Frames that queue up for a connection together go out as one {@code batch} frame, only to a client that asked for
 * them ({@code /ws?batch=1}); its frames are the ones it would have got one by one, once each and in order.
 */
class BatchFramesTest {

    private static final int SENDERS = 10;
    private static final int EACH = 20; // within a sender's burst

    @Test
    void aReplayComesInBatchesToAClientThatAskedAndFrameByFrameToOneThatDidNot() {
        Api api = Api.shared();
        Api.User reader = api.register("batchr");
        Map<String, Object> since = new HashMap<>();
        List<UUID> rooms = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            Api.User sender = api.register("batchs");
            UUID room = api.room(sender, reader);
            rooms.add(room);
            since.put(room.toString(), 0);
            for (int i = 1; i <= EACH; i++) {
                assertThat(api.post("/api/messages/", sender.token(),
                        Map.of("room", room.toString(), "content", "message " + i)).status()).isEqualTo(201);
            }
        }

        List<JsonNode> batched = replay(URI.create(TestServer.ws() + "?batch=1"), reader, since);
        List<JsonNode> alone = replay(TestServer.ws(), reader, since);

        List<JsonNode> batches = batched.stream().filter(frame -> type(frame).equals("batch")).toList();
        assertThat(batches).as("batches in a replay of %s frames", SENDERS * EACH).isNotEmpty();
        assertThat(batches).allSatisfy(batch -> assertThat(batch.get("frames").size()).isBetween(2, 64));
        assertThat(alone).noneMatch(frame -> type(frame).equals("batch"));
        for (List<JsonNode> frames : List.of(unpacked(batched), alone)) {
            for (UUID room : rooms) {
                assertThat(frames.stream().filter(frame -> type(frame).equals("message")
                                && frame.at("/message/room_uuid").asText().equals(room.toString()))
                        .map(frame -> frame.at("/message/seq").asLong()).toList())
                        .as("the seqs of room %s", room)
                        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, EACH).boxed().toList());
            }
            List<String> types = frames.stream().map(BatchFramesTest::type).toList();
            assertThat(types.lastIndexOf("message")).as("every message before synced")
                    .isLessThan(types.indexOf("synced"));
        }
    }

    /** Every frame (batches as they came) from connecting and syncing the rooms from their start, up to synced. */
    private static List<JsonNode> replay(URI ws, Api.User reader, Map<String, Object> since) {
        List<JsonNode> frames = new ArrayList<>();
        try (WsClient client = WsClient.connectRaw(ws, reader)) {
            client.send(Map.of("type", "sync", "since", since));
            while (frames.isEmpty() || unpacked(List.of(frames.getLast())).stream()
                    .noneMatch(frame -> type(frame).equals("synced"))) {
                frames.add(client.await(frame -> true, "any"));
            }
        }
        return frames;
    }

    private static List<JsonNode> unpacked(List<JsonNode> frames) {
        List<JsonNode> each = new ArrayList<>();
        for (JsonNode frame : frames) {
            if (type(frame).equals("batch")) {
                frame.get("frames").forEach(each::add);
            } else {
                each.add(frame);
            }
        }
        return each;
    }

    private static String type(JsonNode frame) {
        return frame.path("type").asText();
    }
}
