package dev.parley.server.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    @Test
    void aBurstIsAllowedThenTheCallerIsRefusedWithTheMessageAndHowLongToWait() {
        RateLimit<Long> limit = new RateLimit<>(3, 1, Duration.ofHours(1), "at most 1 an hour");
        for (int i = 0; i < 3; i++) {
            limit.acquire(7L);
        }
        assertThatThrownBy(() -> limit.acquire(7L))
                .isInstanceOfSatisfying(ApiException.class, refused -> {
                    assertThat(refused.code()).isEqualTo("rate_limited");
                    assertThat(refused.getMessage()).isEqualTo("at most 1 an hour");
                    assertThat(refused.retryAfter()).hasValueSatisfying(wait -> assertThat(wait)
                            .isGreaterThan(Duration.ofMinutes(59)).isLessThanOrEqualTo(Duration.ofHours(1)));
                });
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        RateLimit<String> limit = new RateLimit<>(1, 1, Duration.ofHours(1), "at most 1 an hour");
        limit.acquire("alice");
        limit.acquire("bob");
        assertThatThrownBy(() -> limit.acquire("alice")).isInstanceOf(ApiException.class);
    }
}
