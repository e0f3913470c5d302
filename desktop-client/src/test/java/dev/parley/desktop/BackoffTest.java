package dev.parley.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.net.Backoff;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void delaysDoubleWithJitterUpToTheCapAndStartOverAfterAReset() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(8), new Random(42));

        List<Long> delays = Stream.generate(backoff::next).limit(7).map(Duration::toMillis).toList();
        backoff.reset();
        long afterReset = backoff.next().toMillis();

        long[] steps = {500, 1000, 2000, 4000, 8000, 8000, 8000};
        for (int i = 0; i < steps.length; i++) {
            assertThat(delays.get(i)).isBetween(steps[i] / 2, steps[i]);
        }
        assertThat(afterReset).isBetween(250L, 500L);
    }

    @Test
    void waitsAtLeastWhatTheServerAskedPlusUpToAQuarterOfIt() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), new Random(7));

        // The first three steps (0.5, 1 and 2 s) are shorter than the 4 s asked for.
        List<Long> asked = Stream.generate(() -> backoff.next(Duration.ofSeconds(4))).limit(3)
                .map(Duration::toMillis).toList();
        long withoutHint = backoff.next(Duration.ZERO).toMillis();

        assertThat(asked).allSatisfy(delay -> assertThat(delay).isBetween(4_000L, 5_000L));
        assertThat(asked).doesNotHaveDuplicates(); // jittered, not all at the same instant
        assertThat(withoutHint).isBetween(2_000L, 4_000L); // the fourth step: the backoff alone
    }

    @Test
    void aBackoffLongerThanTheServersWaitWins() {
        Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(10), new Random(7));
        for (int i = 0; i < 8; i++) {
            backoff.next();
        }

        assertThat(backoff.next(Duration.ofSeconds(1)).toMillis()).isBetween(5_000L, 10_000L);
    }
}
