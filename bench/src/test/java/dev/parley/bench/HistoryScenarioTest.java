package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Which of the preloaded users the history readers sign in as. */
class HistoryScenarioTest {

    @Test
    void readersAreDistinctPreloadedUsers() {
        List<Integer> picked = HistoryScenario.pick(1_000, 20, new Random(7));

        assertThat(picked).hasSize(20).doesNotHaveDuplicates().allMatch(i -> i >= 0 && i < 1_000);
    }

    @Test
    void asManyReadersAsUsersOrMoreSignInAsEveryUser() {
        assertThat(HistoryScenario.pick(3, 20, new Random(7))).containsExactly(0, 1, 2);
    }
}
