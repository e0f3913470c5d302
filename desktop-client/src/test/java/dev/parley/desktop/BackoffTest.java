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
}
