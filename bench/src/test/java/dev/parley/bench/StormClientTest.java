package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class StormClientTest {

    @Test
    void backsOffExponentiallyWithEqualJitterUpToTenSeconds() {
        assertThat(StormClient.delayMs(0, 0, 0.0)).isEqualTo(250);
        assertThat(StormClient.delayMs(0, 0, 1.0)).isEqualTo(500);
        assertThat(StormClient.delayMs(3, 0, 0.0)).isEqualTo(2_000);
        assertThat(StormClient.delayMs(12, 0, 1.0)).isEqualTo(10_000);
    }

    @Test
    void waitsAtLeastTheServersHintPlusJitter() {
        assertThat(StormClient.delayMs(0, 4_000, 0.0)).isEqualTo(4_000);
        assertThat(StormClient.delayMs(0, 4_000, 1.0)).isEqualTo(5_000);
        assertThat(StormClient.delayMs(12, 1_000, 0.0)).isEqualTo(5_000); // the backoff, when it is longer
    }

    @Test
    void readsTheWaitOfATryAgainLaterClose() {
        assertThat(StormClient.parseRetryAfterMs("try again later: retry_after_ms=2750")).isEqualTo(2_750);
        assertThat(StormClient.parseRetryAfterMs("server shutting down")).isZero();
        assertThat(StormClient.parseRetryAfterMs(null)).isZero();
    }

    @Test
    void holdsARoomUpToItsFirstMissingSeq() {
        StormClient.Room room = new StormClient.Room(0, UUID.randomUUID(), 1);
        room.hold(3);
        room.hold(4);
        assertThat(room.known).isEqualTo(1);
        room.hold(2);
        assertThat(room.known).isEqualTo(4);
        room.hold(2);
        assertThat(room.known).isEqualTo(4);
    }
}
