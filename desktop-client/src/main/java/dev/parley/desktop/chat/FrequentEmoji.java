package dev.parley.desktop.chat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The composer picker's "Frequently used" row: the emoji the user sent or reacted with most in this app (kept between
 * runs by a {@link Store}, per user and server, as drafts are), the most used first and the latest used first among
 * equals; until there are any, the quick reactions. FX thread only.
 */
public final class FrequentEmoji {

    /** At most one line of the picker (eight) of used emoji; the quick reactions fill the row to their own length. */
    public static final int MAX = 8;
    /** How many different emoji are remembered (the least used go first). */
    static final int REMEMBERED = 40;

    /** Where the counts wait between runs: emoji → "uses,lastUsedMillis". */
    public interface Store {
        /** Keeps nothing: the row then counts only while the window is open. */
        Store NONE = new Store() {
            @Override
            public Map<String, String> load() {
                return Map.of();
            }

            @Override
            public void save(Map<String, String> uses) {
            }
        };

        Map<String, String> load();

        void save(Map<String, String> uses);
    }

    private record Use(long count, long lastUsed) {
    }

    private final Store store;
    private final Clock clock;
    private final Map<String, Use> uses = new LinkedHashMap<>(); // ties keep the order first used

    public FrequentEmoji(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
        store.load().forEach((emoji, text) -> {
            String[] parts = text.split(",");
            // What the file says is checked, not trusted: one whole emoji, a positive count.
            if (parts.length == 2 && List.of(emoji).equals(RichText.emojiIn(emoji))) {
                try {
                    long count = Long.parseLong(parts[0]);
                    if (count > 0) {
                        uses.put(emoji, new Use(count, Long.parseLong(parts[1])));
                    }
                } catch (NumberFormatException e) {
                    // a damaged entry is dropped
                }
            }
        });
    }

    /** The user sent {@code text}: each different emoji in it counts once. */
    void sent(String text) {
        used(RichText.emojiIn(text));
    }

    /** The user reacted with {@code emoji} (null: took their reaction back, which counts for nothing). */
    void reacted(String emoji) {
        if (emoji != null) {
            used(List.of(emoji));
        }
    }

    private void used(Collection<String> emoji) {
        if (emoji.isEmpty()) {
            return;
        }
        long now = clock.millis();
        emoji.forEach(e -> uses.merge(e, new Use(1, now), (old, one) -> new Use(old.count() + 1, now)));
        List<String> kept = ranked();
        uses.keySet().retainAll(kept.subList(0, Math.min(REMEMBERED, kept.size())));
        Map<String, String> saved = new LinkedHashMap<>();
        uses.forEach((e, use) -> saved.put(e, use.count() + "," + use.lastUsed()));
        store.save(saved);
    }

    /** Forgets every use (signing out of this device): the row is the quick reactions again. */
    void forget() {
        uses.clear();
        store.save(Map.of());
    }

    /**
     * The row to show: the most used (at most {@link #MAX}), then the quick reactions not among them while the row
     * is shorter than the quick reactions are (the row with nothing used).
     */
    public List<String> row() {
        List<String> ranked = ranked();
        List<String> row = new ArrayList<>(ranked.subList(0, Math.min(MAX, ranked.size())));
        for (String quick : MessageActions.REACTIONS) {
            if (row.size() >= MessageActions.REACTIONS.size()) {
                break;
            }
            if (!row.contains(quick)) {
                row.add(quick);
            }
        }
        return List.copyOf(row);
    }

    private List<String> ranked() {
        return uses.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Use> e) -> e.getValue().count())
                        .thenComparingLong(e -> e.getValue().lastUsed()).reversed())
                .map(Map.Entry::getKey).toList();
    }
}
