package dev.parley.desktop.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Who is typing in one chat, in the order they started, and how the header and the chat list say it: "typing…" in a
 * direct chat, "Bob Builder is typing…" or "Bob Builder and carol are typing…" in a group (each by the name the chat
 * shows for them: their display name where set, else their username). FX thread only.
 */
final class Typists {

    private final boolean group;
    private final UnaryOperator<String> shownName;
    private final List<String> names = new ArrayList<>();
    private final ReadOnlyBooleanWrapper anyone = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");

    /** {@code shownName}: the name the chat shows for a username. */
    Typists(boolean group, UnaryOperator<String> shownName) {
        this.group = group;
        this.shownName = shownName;
    }

    void set(String username, boolean typing) {
        boolean changed = typing ? !names.contains(username) && names.add(username) : names.remove(username);
        if (changed) {
            refresh();
        }
    }

    void clear() {
        if (!names.isEmpty()) {
            names.clear();
            refresh();
        }
    }

    /** Those of {@code usernames} who were typing stop (they left the group). */
    void removeAll(List<String> usernames) {
        if (names.removeAll(usernames)) {
            refresh();
        }
    }

    /** Someone's display name changed: say the line again with it. */
    void namesChanged() {
        if (!names.isEmpty()) {
            refresh();
        }
    }

    /** Whether anyone types is set first: a listener of the text reads both. */
    private void refresh() {
        anyone.set(!names.isEmpty());
        text.set(describe());
    }

    private String describe() {
        if (names.isEmpty()) {
            return "";
        }
        if (!group) {
            return "typing…";
        }
        List<String> shown = names.stream().map(shownName).toList();
        return switch (shown.size()) {
            case 1 -> shown.getFirst() + " is typing…";
            case 2 -> shown.get(0) + " and " + shown.get(1) + " are typing…";
            case 3 -> shown.get(0) + ", " + shown.get(1) + " and " + shown.get(2) + " are typing…";
            default -> shown.size() + " people are typing…";
        };
    }

    ReadOnlyBooleanProperty anyoneProperty() {
        return anyone.getReadOnlyProperty();
    }

    ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
