package dev.parley.server.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdmissionTurnsTest {

    private static final Duration MIN = Duration.ofSeconds(1);
    private static final Duration MAX = Duration.ofSeconds(10);

    @Test
    void admitsAtMostTheBoundAndRefusesTheRestUntilATurnIsGivenBack() {
        Admission admission = new Admission(new Admission.Settings(2, Duration.ofSeconds(30), MIN, MAX));
        Admission.Permit first = admission.tryEnter().orElseThrow();
        admission.tryEnter().orElseThrow();

        assertThat(admission.tryEnter()).isEmpty();
        assertThat(admission.shedding()).isTrue();
        first.close();
        first.close(); // twice gives back one turn, not two
        assertThat(admission.tryEnter()).isPresent();
        assertThat(admission.tryEnter()).isEmpty();
        assertThat(admission.counts()).containsEntry("admitted", 3L).containsEntry("refused", 2L)
                .containsEntry("in-progress", 2L);
    }

    @Test
    void theRefusedGetSuccessiveTurnsAtThePaceTheWorkIsDone() {
        // Two at once, each held ~100 ms before any was given back: twenty a second, one turn every 50 ms.
        Admission admission = new Admission(new Admission.Settings(2, Duration.ofSeconds(30), MIN, MAX));
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waits.add(admission.retryAfter().toMillis());
        }

        assertThat(waits.getFirst()).isBetween(900L, 1000L);
        for (int i = 1; i < waits.size(); i++) {
            assertThat(waits.get(i) - waits.get(i - 1)).isBetween(40L, 51L);
        }
    }

    @Test
    void pastTheLongestWaitTheRefusedAreSpreadOverItsSecondHalf() {
        Admission admission = new Admission(new Admission.Settings(1, Duration.ofSeconds(30), MIN, MAX));
        for (int i = 0; i < 200; i++) { // ten a second: the schedule is full after ~90 turns
            admission.retryAfter();
        }

        assertThat(admission.retryAfter().toMillis()).isBetween(5_000L, 10_000L);
    }

    @Test
    void aWaitForATurnEndsInUnavailableWithTheRetryHint() {
        Admission admission = new Admission(new Admission.Settings(1, Duration.ofSeconds(30), MIN, MAX));
        admission.tryEnter().orElseThrow();

        assertThatThrownBy(() -> admission.enter(System.nanoTime() + Duration.ofMillis(20).toNanos()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo("unavailable");
                    assertThat(e.retryAfter()).hasValueSatisfying(wait -> assertThat(wait).isGreaterThanOrEqualTo(MIN));
                });
    }

    @Test
    void aTurnHeldPastItsLongestHoldIsTakenBack() {
        Admission admission = new Admission(new Admission.Settings(1, Duration.ofMillis(1), MIN, MAX));
        Optional<Admission.Permit> forgotten = admission.tryEnter();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        Optional<Admission.Permit> next = Optional.empty();
        while (next.isEmpty() && System.nanoTime() < deadline) {
            next = admission.tryEnter(); // the first one's hold of 1 ms runs out
        }

        assertThat(forgotten).isPresent();
        assertThat(next).isPresent();
        assertThat(admission.counts()).containsEntry("reclaimed", 1L);
    }
}
