package dev.parley.server.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.server.common.ApiException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A chat's lock held by someone stuck (a commit waiting on a silent database) makes whoever else needs it wait only
 * as long as the bound, then answers "unavailable": nothing was done, and no lock is left taken.
 */
class RoomLocksTest {

    @Test
    void whoeverWaitsForALockHeldTooLongIsAnsweredUnavailableAndTheWriterKeepsNoneOfABatchsLocks() throws Exception {
        RoomLocks locks = new RoomLocks(Duration.ofMillis(200));
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread stuck = Thread.ofVirtual().start(() -> locks.withLock(7, () -> {
            held.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(held.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> locks.withLock(7, () -> "never")).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo("unavailable"))
                .hasMessageContaining("busy");
        // A batch of rooms 3 and 7: room 3's lock, taken first, is given back when room 7's is not had in time.
        assertThatThrownBy(() -> locks.lockAll(List.of(3L, 7L))).isInstanceOf(ApiException.class);
        assertThat(locks.withLock(3, () -> "free")).isEqualTo("free");

        release.countDown();
        stuck.join(5_000);
        assertThat(locks.withLock(7, () -> "free again")).isEqualTo("free again");
    }
}
