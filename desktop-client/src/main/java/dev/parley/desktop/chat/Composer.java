package dev.parley.desktop.chat;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;

/**
 * The composer's text and its mode: writing, replying to a message (the bar quotes it) or editing one of mine in
 * place, while the draft it had waits aside and comes back when the edit ends. A reply or an edit follows its message
 * and ends when that message is deleted. Which messages may be answered or edited is the caller's to check. FX thread
 * only.
 */
final class Composer {

    private final StringProperty text = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<ComposerMode> mode = new ReadOnlyObjectWrapper<>(ComposerMode.WRITE);
    private final ReadOnlyObjectWrapper<MessageItem> target = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper quote = new ReadOnlyStringWrapper("");
    private final ChangeListener<Object> targetChanged = (obs, old, now) -> targetChanged();
    private String draftBeforeEdit = "";
    private boolean replacing;

    /** Puts {@code next} in the composer as the app's doing (a chat's draft, an edit's text): not the user typing. */
    void replaceText(String next) {
        replacing = true;
        text.set(next);
        replacing = false;
    }

    /**
     * Whether the text just changing to {@code now} is the user writing a message, which the others may be told: not
     * text the app put there, not emptied, not an edit.
     */
    boolean typing(String now) {
        return !replacing && now != null && !now.isEmpty() && mode.get() != ComposerMode.EDIT;
    }

    String text() {
        return text.get();
    }

    /** The text to keep as the chat's draft: while editing, the draft set aside rather than the edit's text. */
    String draft() {
        return mode.get() == ComposerMode.EDIT ? draftBeforeEdit : text.get();
    }

    /** The message a sent text answers: the one replied to, or null. */
    MessageItem replyTo() {
        return mode.get() == ComposerMode.REPLY ? target.get() : null;
    }

    /** The message whose text the composer holds, or null when not editing. */
    MessageItem edited() {
        return mode.get() == ComposerMode.EDIT ? target.get() : null;
    }

    void reply(MessageItem item) {
        cancel();
        enter(ComposerMode.REPLY, item);
    }

    /** The composer holds {@code item}'s text until the edit ends; the draft it had waits aside meanwhile. */
    void edit(MessageItem item) {
        cancel();
        draftBeforeEdit = text.get() == null ? "" : text.get();
        enter(ComposerMode.EDIT, item);
        replaceText(item.content());
    }

    /** Up in an empty composer: edits the newest of {@code messages} that is {@code editable}; false when none is. */
    boolean editNewest(List<MessageItem> messages, Predicate<MessageItem> editable) {
        Optional<MessageItem> newest = messages.reversed().stream().filter(editable).findFirst();
        newest.ifPresent(this::edit);
        return newest.isPresent();
    }

    /** Ends replying or editing (an edit's draft comes back); false when the composer was just writing. */
    boolean cancel() {
        ComposerMode was = mode.get();
        if (was == ComposerMode.WRITE) {
            return false;
        }
        target.get().stateProperty().removeListener(targetChanged);
        target.set(null);
        mode.set(ComposerMode.WRITE);
        title.set("");
        quote.set("");
        if (was == ComposerMode.EDIT) {
            replaceText(draftBeforeEdit);
            draftBeforeEdit = "";
        }
        return true;
    }

    /** The chat's stored messages are gone from its list: a reply to or an edit of one of them ends. */
    void storedMessagesGone() {
        MessageItem item = target.get();
        if (item != null && !item.pending()) {
            cancel();
        }
    }

    private void enter(ComposerMode next, MessageItem item) {
        target.set(item);
        mode.set(next);
        title.set(next == ComposerMode.EDIT ? "Edit message" : item.mine() ? "You" : item.sender());
        quote.set(item.content());
        item.stateProperty().addListener(targetChanged);
    }

    /** The message replied to or edited changed meanwhile: a deleted one can be neither; else the bar follows it. */
    private void targetChanged() {
        MessageItem item = target.get();
        if (item != null && item.deleted()) {
            cancel();
        } else if (item != null) {
            quote.set(item.content());
        }
    }

    /** The text: the user's input, bound to the text field. */
    StringProperty textProperty() {
        return text;
    }

    ReadOnlyObjectProperty<ComposerMode> modeProperty() {
        return mode.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<MessageItem> targetProperty() {
        return target.getReadOnlyProperty();
    }

    ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    ReadOnlyStringProperty quoteProperty() {
        return quote.getReadOnlyProperty();
    }
}
