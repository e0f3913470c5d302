package dev.parley.desktop.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The composer picker's "Frequently used" row, counted from what is sent and reacted with and kept between runs. */
class FrequentEmojiTest {

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-30T09:00:00Z"));
    private final Kept kept = new Kept();

    /** The counts "on disk": what the last save left. */
    private static final class Kept implements FrequentEmoji.Store {
        Map<String, String> saved = new HashMap<>();

        @Override
        public Map<String, String> load() {
            return saved;
        }

        @Override
        public void save(Map<String, String> uses) {
            saved = new HashMap<>(uses);
        }
    }

    private FrequentEmoji fresh() {
        return new FrequentEmoji(kept, clock);
    }

    @Test
    void withNothingUsedTheRowIsTheQuickReactions() {
        assertThat(fresh().row()).isEqualTo(MessageActions.REACTIONS);
    }

    @Test
    void theMostUsedLeadTheLatestFirstAmongEqualsAndTheQuickReactionsFillTheRow() {
        FrequentEmoji emoji = fresh();
        emoji.sent("party 🎉🎉 and 🚀"); // each emoji once per message
        clock.advance(Duration.ofSeconds(1));
        emoji.reacted("🚀");
        clock.advance(Duration.ofSeconds(1));
        emoji.sent("🐙");
        emoji.reacted(null); // a reaction taken back counts for nothing

        assertThat(emoji.row()).containsExactly("🚀", "🐙", "🎉", "👍", "❤️", "😂", "😮", "😢", "🙏", "🔥");
    }

    @Test
    void theRowHasTheEightMostUsedAtMostThenTheQuickReactions() {
        FrequentEmoji emoji = fresh();
        List<String> sea = List.of("🐙", "🦀", "🐳", "🦑", "🐠", "🐡", "🦐", "🐚", "🪸");
        IntStream.range(0, sea.size()).forEach(i -> {
            clock.advance(Duration.ofSeconds(1));
            emoji.sent(sea.get(i));
        });

        assertThat(emoji.row()).containsExactly("🪸", "🐚", "🦐", "🐡", "🐠", "🦑", "🐳", "🦀", "👍", "❤️");
    }

    @Test
    void theCountsSurviveARestartAndDamagedEntriesAreDropped() {
        FrequentEmoji before = fresh();
        before.sent("tea 🫖");
        clock.advance(Duration.ofSeconds(1));
        before.sent("a thumbs up 👍🏽"); // a skin tone and a flag are one emoji each
        clock.advance(Duration.ofSeconds(1));
        before.sent("in 🇫🇷");
        kept.saved.put("x", "3,1");
        kept.saved.put("🍰", "lots,1");
        kept.saved.put("🧁", "0,1");

        assertThat(fresh().row()).startsWith("🇫🇷", "👍🏽", "🫖", "👍").hasSize(MessageActions.REACTIONS.size())
                .doesNotContain("x", "🍰", "🧁");
    }

    @Test
    void signingOutForgetsThem() {
        FrequentEmoji emoji = fresh();
        emoji.sent("🫖");

        emoji.forget();

        assertThat(emoji.row()).isEqualTo(MessageActions.REACTIONS);
        assertThat(fresh().row()).isEqualTo(MessageActions.REACTIONS);
    }
}
