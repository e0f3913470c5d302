package dev.parley.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An account's failed sign-ins delay its later checks, growing and capped, and a success clears them. */
class LoginThrottleDelayTest {

    @Test
    void failuresBeyondTheFirstThreeDoubleTheDelayUpToFourSecondsAndASuccessClearsThem() {
        LoginThrottle throttle = new LoginThrottle(1000, 1000);
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(throttle.delayFor("carol"));
            throttle.begin("carol", "192.0.2.1").failed();
        }
        delays.add(throttle.delayFor("carol"));
        Duration otherAccount = throttle.delayFor("dave");
        throttle.begin("carol", "198.51.100.1").succeeded();

        assertThat(delays).containsExactly(Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO,
                Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2),
                Duration.ofSeconds(4), Duration.ofSeconds(4));
        assertThat(otherAccount).isZero();
        assertThat(throttle.delayFor("carol")).isZero();
    }
}
