package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.protocol.ClientFrame;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The outbox alone: plain values in, frames and owners out, no toolkit. */
class OutboxTest {

    private static final UUID ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000b");
    private static final UUID OTHER_ROOM = UUID.fromString("00000000-0000-0000-0000-00000000000c");

    private final Outbox<String> outbox = new Outbox<>();

    @Test
    void aQueuedMessageIsSentAsASendFrameWithItsClientId() {
        ClientFrame.Send frame = outbox.add(ROOM, "lunch?", "d-1", "first");

        assertThat(frame).isEqualTo(new ClientFrame.Send(ROOM, "lunch?", "d-1"));
    }

    @Test
    void everyWaitingMessageGoesOutAgainInTheOrderWritten() {
        outbox.add(ROOM, "one", "d-1", "first");
        outbox.add(OTHER_ROOM, "two", "d-2", "second");
        outbox.add(ROOM, "three", "d-3", "third");

        assertThat(outbox.frames()).containsExactly(new ClientFrame.Send(ROOM, "one", "d-1"),
                new ClientFrame.Send(OTHER_ROOM, "two", "d-2"), new ClientFrame.Send(ROOM, "three", "d-3"));
    }

    @Test
    void aSettledMessageHandsBackItsOwnerOnceAndIsNotResent() {
        outbox.add(ROOM, "one", "d-1", "first");
        outbox.add(ROOM, "two", "d-2", "second");

        Optional<Outbox.Entry<String>> settled = outbox.settle("d-1");
        Optional<Outbox.Entry<String>> again = outbox.settle("d-1");

        assertThat(settled).contains(new Outbox.Entry<>(new ClientFrame.Send(ROOM, "one", "d-1"), "first"));
        assertThat(again).isEmpty();
        assertThat(outbox.frames()).containsExactly(new ClientFrame.Send(ROOM, "two", "d-2"));
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test
    void aFrameIsFoundForRetryOnlyWhileItsMessageWaits() {
        outbox.add(ROOM, "one", "d-1", "first");
        Optional<ClientFrame> waiting = outbox.frame("d-1");
        outbox.settle("d-1");

        assertThat(waiting).contains(new ClientFrame.Send(ROOM, "one", "d-1"));
        assertThat(outbox.frame("d-1")).isEmpty();
        assertThat(outbox.frame(null)).isEmpty();
    }

    @Test
    void messageActionsWaitAmongTheMessagesInTheOrderMade() {
        outbox.add(ROOM, "one", "d-1", "first");
        ClientFrame.Action edit = outbox.add(new ClientFrame.Edit(ROOM, 7, "fixed", "d-2"), "seven");
        outbox.add(OTHER_ROOM, "two", "d-3", 7L, "reply");
        outbox.add(new ClientFrame.React(ROOM, 7, null, "d-4"), "seven");

        assertThat(edit).isEqualTo(new ClientFrame.Edit(ROOM, 7, "fixed", "d-2"));
        assertThat(outbox.frames()).containsExactly(new ClientFrame.Send(ROOM, "one", "d-1"),
                new ClientFrame.Edit(ROOM, 7, "fixed", "d-2"), new ClientFrame.Send(OTHER_ROOM, "two", "d-3", 7L),
                new ClientFrame.React(ROOM, 7, null, "d-4"));
    }

    @Test
    void messagesWithoutAClientIdOrUnknownOnesSettleNothing() {
        outbox.add(ROOM, "one", "d-1", "first");

        assertThat(List.of(outbox.settle(null), outbox.settle("d-9"))).containsOnly(Optional.empty());
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test
    void onlyRateLimitsUnavailabilityAndUnknownOutcomesAreWorthRetrying() {
        assertThat(List.of("rate_limited", "unavailable", "outcome_unknown", "validation", "forbidden", "not_found"))
                .map(Outbox::isTransient).containsExactly(true, true, true, false, false, false);
    }
}
