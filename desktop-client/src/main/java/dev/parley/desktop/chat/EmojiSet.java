package dev.parley.desktop.chat;

import java.util.List;
import java.util.Objects;

/**
 * The small built-in set of emoji the composer's picker offers: the menu's reactions as "Frequently used" (until the
 * user has sent or reacted with any: then {@link FrequentEmoji}'s row takes its place), then the categories of the web client's set ({@code js/emoji.js}), in the same order. Immutable.
 */
public final class EmojiSet {

    /** One category: its heading and its emoji in order. */
    public record Group(String label, List<String> emoji) {
        public Group {
            Objects.requireNonNull(label);
            emoji = List.copyOf(emoji);
        }
    }

    /** The picker's categories, top to bottom. */
    public static final List<Group> GROUPS = List.of(
            new Group("Frequently used", MessageActions.REACTIONS),
            new Group("Smileys", List.of("😀", "😃", "😄", "😁", "😆", "😅", "🤣", "😊", "😇", "🙂", "😉", "😍",
                    "🥰", "😘", "😋", "😜", "🤪", "🤔", "🤗", "🤩", "😎", "🥳", "😏", "🙄", "😬", "😴", "🤯", "😱",
                    "😡", "🥺", "😭", "😤")),
            new Group("Gestures", List.of("👏", "🙌", "👌", "✌️", "🤞", "💪", "👋", "🤝", "👀")),
            new Group("Symbols", List.of("🔥", "✨", "🎉", "💯", "✅", "❌", "💔", "💙", "💚", "💜", "⭐")),
            new Group("Food and things", List.of("☕", "🍕", "🎂", "🚀")));

    private EmojiSet() {
    }
}
