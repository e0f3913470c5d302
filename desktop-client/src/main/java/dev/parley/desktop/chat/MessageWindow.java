package dev.parley.desktop.chat;

import dev.parley.protocol.MessageView;
import java.util.HashSet;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The loaded part of one chat's history, in display order: stored messages by seq, each once, then my messages
 * still waiting for their ack. Keeps nothing until the chat is first opened. FX thread only.
 */
final class MessageWindow {

    private final ObservableList<MessageItem> messages = FXCollections.observableArrayList();
    private final ObservableList<MessageItem> readOnlyMessages = FXCollections.unmodifiableObservableList(messages);
    private final Set<Long> loadedSeqs = new HashSet<>();
    private final BooleanProperty hasOlder = new SimpleBooleanProperty();
    private boolean loaded;

    /** From now on stored messages are kept; the first page of history merges in when it arrives. */
    void startLoading() {
        loaded = true;
    }

    boolean loaded() {
        return loaded;
    }

    /** Puts a stored message in its place; returns it, or null when the window is not loaded or already has it. */
    MessageItem addStored(MessageView view, String me) {
        if (!loaded || !loadedSeqs.add(view.seq())) {
            return null;
        }
        MessageItem item = MessageItem.stored(view, me);
        messages.add(insertionIndex(view.seq(), null), item);
        return item;
    }

    /**
     * A page of history was added: is there anything older left to fetch? A page shorter than asked for reached the
     * start of what this user may see (a group member sees from the event that brought them in, not from seq 1).
     */
    void historyAdded(boolean fullPage) {
        hasOlder.set(fullPage && !messages.isEmpty() && !messages.getFirst().pending() && messages.getFirst().seq() > 1);
    }

    /** The seq of the oldest loaded stored message (the cursor for the next older page), or {@code otherwise}. */
    long oldestSeq(long otherwise) {
        return messages.isEmpty() || messages.getFirst().pending() ? otherwise : messages.getFirst().seq();
    }

    void addPending(MessageItem item) {
        messages.add(item);
    }

    /** My pending message got its seq: move it among the stored ones where it belongs, or drop it as a duplicate. */
    void acknowledged(MessageItem item) {
        int at = messages.indexOf(item);
        if (at >= 0 && loadedSeqs.add(item.seq())) {
            int target = insertionIndex(item.seq(), item);
            if (target != at) {
                messages.remove(at);
                messages.add(target, item);
            }
        } else if (at >= 0) {
            messages.remove(at); // a sync already brought the stored copy
        }
    }

    /** Raises the ticks of my loaded messages to the other members' watermarks. */
    void applyWatermarks(Members members) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            messages.get(i).applyWatermarks(members);
        }
    }

    /** Stored messages are in seq order; pending ones (seq 0) stay after all of them. */
    private int insertionIndex(long seq, MessageItem excluded) {
        int index = 0;
        for (MessageItem m : messages) {
            if (m == excluded) {
                continue;
            }
            if (m.pending() || m.seq() > seq) {
                break;
            }
            index++;
        }
        return index;
    }

    /** The loaded messages, in display order. */
    ObservableList<MessageItem> messages() {
        return readOnlyMessages;
    }

    ReadOnlyBooleanProperty hasOlderProperty() {
        return hasOlder;
    }
}
