package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.protocol.EventView;
import dev.parley.protocol.Json;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FrameScanTest {

    private static final UUID ROOM = UUID.fromString("0d6f4a3c-6c1e-4b7e-9a57-3c2b8f0e4d21");

    @Test
    void readsTheFieldsOfAMessageAndAnAckAsTheServerWritesThem() {
        MessageView view = new MessageView(UUID.randomUUID(), "t12345|xxxx", "Trip", ROOM, "alice",
                Instant.parse("2026-11-29T10:00:00Z"), 42, "c-1");

        FrameScan message = FrameScan.of(Json.write(new ServerFrame.Message(view)));
        FrameScan ack = FrameScan.of(Json.write(new ServerFrame.Ack("c-1", view)));

        assertThat(message).isEqualTo(new FrameScan("message", 42, ROOM.toString(), "alice", "t12345|xxxx", false,
                null, null, null, 0, List.of()));
        assertThat(message.intendedNanos()).isEqualTo(12345);
        assertThat(ack.type()).isEqualTo("ack");
        assertThat(ack.seq()).isEqualTo(42);
        assertThat(ack.clientId()).isEqualTo("c-1");
    }

    @Test
    void readsTheRetryHintOfAnErrorAndTheRoomsASyncLeftOut() {
        FrameScan limited = FrameScan.of(Json.write(new ServerFrame.Error("rate_limited", "slow down", "c-3", 250L)));
        FrameScan synced = FrameScan.of(Json.write(new ServerFrame.Synced(List.of(ROOM))));

        assertThat(limited.clientId()).isEqualTo("c-3");
        assertThat(limited.retryAfterMs()).isEqualTo(250);
        assertThat(synced.hasMore()).isEqualTo(List.of(ROOM.toString()));
    }

    @Test
    void readsEachFrameOfABatchInOrderAndASingleFrameAsItself() {
        MessageView first = new MessageView(UUID.randomUUID(), "t1|a", "Trip", ROOM, "alice",
                Instant.parse("2026-11-29T10:00:00Z"), 8, null);
        MessageView second = new MessageView(UUID.randomUUID(), "t2|b", "Trip", ROOM, "bob",
                Instant.parse("2026-11-29T10:00:01Z"), 9, null);
        String batch = Json.write(new ServerFrame.Batch(List.of(new ServerFrame.Message(first),
                new ServerFrame.Error("rate_limited", "slow down", "c-3", 250L), new ServerFrame.Message(second))));
        List<FrameScan> frames = new java.util.ArrayList<>();
        List<FrameScan> single = new java.util.ArrayList<>();

        FrameScan.each(batch, frames::add);
        FrameScan.each(Json.write(new ServerFrame.Message(first)), single::add);

        assertThat(batch).startsWith("{\"type\":\"batch\",\"frames\":[{");
        assertThat(frames).extracting(FrameScan::type).containsExactly("message", "error", "message");
        assertThat(frames).extracting(FrameScan::seq).containsExactly(8L, 0L, 9L);
        assertThat(frames.get(1).retryAfterMs()).isEqualTo(250);
        assertThat(frames.get(2).user()).isEqualTo("bob");
        assertThat(single).containsExactly(FrameScan.of(Json.write(new ServerFrame.Message(first))));
    }

    @Test
    void tellsAnEventFromAMessageAndReadsErrorsAndReceipts() {
        EventView event = new EventView(EventView.ADDED, "alice", List.of("bob"), null, null);
        MessageView view = new MessageView(UUID.randomUUID(), event.describe(), "Trip", ROOM, "alice",
                Instant.parse("2026-11-29T10:00:00Z"), 7, null, MessageView.EVENT, event);

        assertThat(FrameScan.of(Json.write(new ServerFrame.Message(view))).event()).isTrue();
        FrameScan error = FrameScan.of(Json.write(new ServerFrame.Error("forbidden", "no longer a member", "c-2")));
        assertThat(error.type()).isEqualTo("error");
        assertThat(error.code()).isEqualTo("forbidden");
        assertThat(error.message()).isEqualTo("no longer a member");
        assertThat(FrameScan.of(Json.write(new ServerFrame.Receipt(ROOM, "bob", ServerFrame.ReceiptKind.READ, 7)))
                .type()).isEqualTo("receipt");
    }

    @Test
    void readsTheUtf8BytesOfABatchAsItReadsItsText() {
        MessageView first = new MessageView(UUID.randomUUID(), "t1|שלום 👋", "Trip", ROOM, "zoë",
                Instant.parse("2026-11-29T10:00:00Z"), 8, null);
        MessageView second = new MessageView(UUID.randomUUID(), "t2|b", "Trip", ROOM, "bob",
                Instant.parse("2026-11-29T10:00:01Z"), 9, null);
        String batch = Json.write(new ServerFrame.Batch(List.of(new ServerFrame.Message(first),
                new ServerFrame.Message(second))));
        List<FrameScan> fromText = new java.util.ArrayList<>();
        List<FrameScan> fromBytes = new java.util.ArrayList<>();

        FrameScan.each(batch, fromText::add);
        FrameScan.each(batch.getBytes(StandardCharsets.UTF_8), fromBytes::add);

        assertThat(fromBytes).hasSize(2).isEqualTo(fromText);
        assertThat(fromBytes.get(0).content()).isEqualTo("t1|שלום 👋");
        assertThat(fromBytes.get(0).user()).isEqualTo("zoë");
        assertThat(FrameScan.of(Json.write(new ServerFrame.Message(second)).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(FrameScan.of(Json.write(new ServerFrame.Message(second))));
    }

    @Test
    void refusesMalformedJson() {
        assertThatThrownBy(() -> FrameScan.of("{\"type\":\"message\",\"message\":{\"seq\":")).isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> FrameScan.each("{\"type\":\"batch\",\"frames\":[{\"type\":"
                .getBytes(StandardCharsets.UTF_8), frame -> { })).isInstanceOf(RuntimeException.class);
    }
}
