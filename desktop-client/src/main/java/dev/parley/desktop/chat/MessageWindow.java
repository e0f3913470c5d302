package dev.parley.desktop.chat;

import dev.parley.protocol.MessageView;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The loaded part of one chat's history, in display order: stored messages by seq, each once and without gaps, then
 * my messages still waiting for their ack. Keeps nothing until the chat is first opened. Usually it reaches the
 * newest message; opened at an older one (a search result) it is <em>detached</em>: it holds pages around that
 * message, {@link #hasNewerProperty()} says newer ones are missing below, and newer stored messages that come
 * meanwhile are held back, not shown after a gap, until the pages of newer history reach them. Message actions update
 * the loaded messages in place; the newest updates are also remembered for a while, so a page of history that was on
 * its way while one came cannot show the message as it was before. FX thread only.
 */
final class MessageWindow {

    private static final int REMEMBERED_UPDATES = 500;

    /** The newest update of one message: the seq of its event and the message as it left it. */
    private record Update(long eventSeq, MessageView message) {
    }

    private final ObservableList<MessageItem> messages = FXCollections.observableArrayList();
    private final ObservableList<MessageItem> readOnlyMessages = FXCollections.unmodifiableObservableList(messages);
    private final Map<Long, MessageItem> bySeq = new HashMap<>();
    private final Map<Long, Update> updates = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Update> eldest) {
            return size() > REMEMBERED_UPDATES;
        }
    };
    private final BooleanProperty hasOlder = new SimpleBooleanProperty();
    private final BooleanProperty hasNewer = new SimpleBooleanProperty();
    /** While detached: newer stored messages that came live or from a sync, shown once the pages join them. */
    private final NavigableMap<Long, MessageView> held = new TreeMap<>();
    private boolean loaded;
    /** Moves whenever the loaded history is replaced (forgotten, detached): pages asked for before are stale. */
    private long epoch;

    /** From now on stored messages are kept; the first page of history merges in when it arrives. */
    void startLoading() {
        loaded = true;
    }

    boolean loaded() {
        return loaded;
    }

    /**
     * Puts a stored message in its place ({@code fromPage}: it comes from a page of history, else live or from a
     * sync); returns it, or null when the window is not loaded, already has it, or holds it back while detached.
     */
    MessageItem addStored(MessageView view, String me, boolean fromPage) {
        if (!loaded || bySeq.containsKey(view.seq())) {
            return null;
        }
        if (!fromPage && hasNewer.get() && view.seq() > newestSeq()) {
            held.put(view.seq(), view); // after the gap below the loaded pages
            return null;
        }
        return insert(view, me);
    }

    private MessageItem insert(MessageView view, String me) {
        MessageItem item = MessageItem.stored(view, me);
        Update newer = updates.get(view.seq());
        if (newer != null) {
            item.update(newer.eventSeq(), newer.message());
        }
        bySeq.put(view.seq(), item);
        messages.add(insertionIndex(view.seq(), null), item);
        return item;
    }

    /**
     * Room event {@code eventSeq} changed the message {@code view.seq()} to {@code view}: the loaded message takes
     * it (unless it has a newer one), and so do the quotes of the loaded replies to it.
     */
    void update(long eventSeq, MessageView view) {
        Update known = updates.get(view.seq());
        MessageItem item = bySeq.get(view.seq());
        if (known != null && known.eventSeq() >= eventSeq || item != null && !item.update(eventSeq, view)) {
            return; // an older or repeated update: the message and its quotes already follow a newer one
        }
        updates.put(view.seq(), new Update(eventSeq, view));
        for (MessageItem reply : messages) {
            reply.requote(view);
        }
    }

    /** The loaded stored message {@code seq}, or null. */
    MessageItem find(long seq) {
        return bySeq.get(seq);
    }

    /**
     * Forgets the stored messages (the loaded history may have missed updates): keeps only mine waiting for their
     * ack, until the newest page is loaded again.
     */
    void forget() {
        messages.removeIf(m -> !m.pending());
        bySeq.clear();
        held.clear();
        hasOlder.set(false);
        hasNewer.set(false);
        loaded = false;
        epoch++;
    }

    /** I cleared the chat up to {@code seq}: its messages up to there go (mine waiting for their ack stay). */
    void clearUpTo(long seq) {
        messages.removeIf(m -> !m.pending() && m.seq() <= seq);
        bySeq.keySet().removeIf(s -> s <= seq);
        held.headMap(seq, true).clear();
        hasOlder.set(false);
    }

    /**
     * Empties the window to fill it with pages around an older message: detached until {@link #newerAdded} reaches
     * the newest. Only while none of my messages waits for its ack (they belong after the newest). Returns the epoch
     * the pages belong to.
     */
    long detach() {
        messages.removeIf(m -> !m.pending());
        bySeq.clear();
        held.clear();
        hasOlder.set(false);
        hasNewer.set(true);
        loaded = true;
        return ++epoch;
    }

    /**
     * A page of newer history was added: a page shorter than asked for reached the newest message there was, and the
     * messages held back since the window was detached follow it; the window is whole again.
     */
    void newerAdded(boolean fullPage, String me) {
        if (fullPage || !hasNewer.get()) {
            return;
        }
        for (MessageView view : held.tailMap(newestSeq(), false).values()) {
            if (!bySeq.containsKey(view.seq())) {
                insert(view, me);
            }
        }
        held.clear();
        hasNewer.set(false);
    }

    /** The seq of the newest loaded stored message (the cursor for the next newer page), or 0. */
    long newestSeq() {
        for (int i = messages.size() - 1; i >= 0; i--) {
            if (!messages.get(i).pending()) {
                return messages.get(i).seq();
            }
        }
        return 0;
    }

    /** Whether one of my messages waits for its ack here. */
    boolean hasPending() {
        return !messages.isEmpty() && messages.getLast().pending();
    }

    long epoch() {
        return epoch;
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
        if (at >= 0 && bySeq.putIfAbsent(item.seq(), item) == null) {
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

    /** Whether the window is detached: newer stored messages exist that are not loaded. */
    ReadOnlyBooleanProperty hasNewerProperty() {
        return hasNewer;
    }
}
