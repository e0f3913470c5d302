package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sync scenario's check of what a returning user received against what they missed. */
class CatchUpCheckTest {

    private static final UUID ROOM = UUID.fromString("0d6f4a3c-6c1e-4b7e-9a57-3c2b8f0e4d21");
    private static final UUID OTHER = UUID.fromString("b62e60ac-7e5f-4acc-9ff6-03cd75119dfc");

    private static final Map<UUID, long[]> MISSED = Map.of(ROOM, new long[] {2, 3, 4, 5}, OTHER, new long[] {7, 8});

    @Test
    void everyMissedMessageOnceAndInOrderPerRoomIsCorrect() {
        CatchUpCheck.Result result = CatchUpCheck.check(MISSED,
                Map.of(ROOM, new long[] {2, 3, 4, 5}, OTHER, new long[] {7, 8}));

        assertThat(result).isEqualTo(new CatchUpCheck.Result(6, 6, 0, 0, 0, 0, List.of()));
        assertThat(result.ok()).isTrue();
    }

    @Test
    void aMissedMessageThatNeverArrivedIsMissing() {
        CatchUpCheck.Result result = CatchUpCheck.check(MISSED,
                Map.of(ROOM, new long[] {2, 3, 5}, OTHER, new long[] {7, 8}));

        assertThat(result).isEqualTo(new CatchUpCheck.Result(6, 5, 1, 0, 0, 0,
                List.of("seq 4 of " + ROOM + " never arrived")));
        assertThat(result.ok()).isFalse();
    }

    @Test
    void aRoomWithNothingReceivedMissesAllOfIt() {
        CatchUpCheck.Result result = CatchUpCheck.check(MISSED, Map.of(ROOM, new long[] {2, 3, 4, 5}));

        assertThat(result.missing()).isEqualTo(2);
        assertThat(result.ok()).isFalse();
    }

    @Test
    void aMessageReceivedTwiceIsADuplicate() {
        // The REST pages started at the replay's start instead of its end: the overlap arrives again.
        CatchUpCheck.Result result = CatchUpCheck.check(MISSED,
                Map.of(ROOM, new long[] {2, 3, 4, 3, 4, 5}, OTHER, new long[] {7, 8}));

        assertThat(result).isEqualTo(new CatchUpCheck.Result(6, 8, 0, 2, 0, 0,
                List.of("seq 3 of " + ROOM + " arrived twice", "seq 4 of " + ROOM + " arrived twice")));
    }

    @Test
    void aMessageAfterANewerOneOfItsRoomIsOutOfOrder() {
        CatchUpCheck.Result result = CatchUpCheck.check(MISSED,
                Map.of(ROOM, new long[] {2, 4, 3, 5}, OTHER, new long[] {7, 8}));

        assertThat(result).isEqualTo(new CatchUpCheck.Result(6, 6, 0, 0, 1, 0,
                List.of("seq 3 of " + ROOM + " arrived after 4")));
        assertThat(result.ok()).isFalse();
    }

    @Test
    void roomsAreOrderedEachOnTheirOwn() {
        CatchUpCheck.Result result = CatchUpCheck.check(MISSED,
                Map.of(OTHER, new long[] {7, 8}, ROOM, new long[] {2, 3, 4, 5}));

        assertThat(result.ok()).isTrue();
    }

    @Test
    void aMessageTheUserAlreadyHadOrOfAnotherRoomWasNotMissed() {
        UUID stranger = UUID.fromString("8e1f2c4d-1a2b-4c3d-9e8f-7a6b5c4d3e2f");
        CatchUpCheck.Result result = CatchUpCheck.check(MISSED,
                Map.of(ROOM, new long[] {1, 2, 3, 4, 5}, OTHER, new long[] {7, 8}, stranger, new long[] {1}));

        assertThat(result.unexpected()).isEqualTo(2);
        assertThat(result.missing()).isZero();
        assertThat(result.ok()).isFalse();
    }

    @Test
    void repeatsAddUpAndKeepTheFirstTenExamples() {
        CatchUpCheck.Result oneMissing = CatchUpCheck.check(Map.of(ROOM, new long[] {1, 2, 3, 4, 5, 6, 7, 8}),
                Map.of(ROOM, new long[0]));

        CatchUpCheck.Result both = oneMissing.plus(oneMissing);

        assertThat(both.missed()).isEqualTo(16);
        assertThat(both.missing()).isEqualTo(16);
        assertThat(both.examples()).hasSize(10);
        assertThat(CatchUpCheck.Result.NONE.plus(oneMissing)).isEqualTo(oneMissing);
    }
}
