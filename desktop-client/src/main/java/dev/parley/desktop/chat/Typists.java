package dev.parley.desktop.chat;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Who is typing in one chat, in the order they started, and how the header and the chat list say it: "typing…" in a
 * direct chat, "bob is typing…" or "bob and carol are typing…" in a group. FX thread only.
 */
final class Typists {

    private final boolean group;
    private final List<String> names = new ArrayList<>();
    private final ReadOnlyBooleanWrapper anyone = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper("");

    Typists(boolean group) {
        this.group = group;
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
        return switch (names.size()) {
            case 1 -> names.getFirst() + " is typing…";
            case 2 -> names.get(0) + " and " + names.get(1) + " are typing…";
            case 3 -> names.get(0) + ", " + names.get(1) + " and " + names.get(2) + " are typing…";
            default -> names.size() + " people are typing…";
        };
    }

    ReadOnlyBooleanProperty anyoneProperty() {
        return anyone.getReadOnlyProperty();
    }

    ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }
}
