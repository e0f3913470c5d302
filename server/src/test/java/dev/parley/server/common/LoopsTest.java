package dev.parley.server.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopsTest {

    @Test
    void aPeriodicTaskRunsAgainAfterThrowingAnErrorAndTheFailureIsCounted() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch thirdRun = new CountDownLatch(1);
        AutoCloseable loop = Loops.periodically("test-errors", () -> {
            int run = runs.incrementAndGet();
            if (run == 1) {
                throw new StackOverflowError("a bug");
            }
            if (run == 2) {
                throw new IllegalStateException("another bug");
            }
            thirdRun.countDown();
        }, Duration.ofMillis(10));
        try (loop) {
            assertThat(thirdRun.await(10, TimeUnit.SECONDS)).as("runs after an Error and an exception").isTrue();
        }
        assertThat(Loops.failures("test-errors")).isEqualTo(2);
        assertThat(Loops.failures()).containsEntry("test-errors", 2L);
    }

    @Test
    void aGuardedTaskSwallowsAnyThrowableAndCountsIt() {
        Runnable guarded = Loops.guarded("test-guarded", () -> {
            throw new OutOfMemoryError("simulated");
        });

        guarded.run();
        guarded.run();

        assertThat(Loops.failures("test-guarded")).isEqualTo(2);
        assertThat(Loops.failures("never-failed")).isZero();
    }
}
