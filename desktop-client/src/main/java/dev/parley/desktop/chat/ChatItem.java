package dev.parley.desktop.chat;

import dev.parley.protocol.MemberView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.RoomView;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ObservableList;

/**
 * One 1:1 chat as the list shows it: the other person's presence, preview, time and unread count, and the
 * watermarks that tick my messages; its loaded messages are its {@link MessageWindow}. FX thread only;
 * {@code lastSeq} is the newest seq this client knows of, which is what a {@code sync} resumes from.
 */
public final class ChatItem {

    private final UUID roomUuid;
    private final String peer;
    private final Instant createdAt;
    private final BooleanProperty peerOnline = new SimpleBooleanProperty();
    private final ObjectProperty<Instant> peerLastSeen = new SimpleObjectProperty<>();
    private final BooleanProperty typing = new SimpleBooleanProperty();
    private final IntegerProperty unread = new SimpleIntegerProperty();
    private final ObjectProperty<MessageItem> lastMessage = new SimpleObjectProperty<>();
    private final ObjectProperty<Instant> lastActivity = new SimpleObjectProperty<>();
    private final MessageWindow window = new MessageWindow();
    private long lastSeq;
    private long peerDelivered;
    private long peerRead;
    private long myRead;

    private ChatItem(UUID roomUuid, String peer, Instant createdAt) {
        this.roomUuid = roomUuid;
        this.peer = peer;
        this.createdAt = createdAt;
        this.lastActivity.set(createdAt);
    }

    /** A chat from the server's view of the room, seen by {@code me}. */
    public static ChatItem of(RoomView room, String me) {
        String peer = room.users().stream().filter(u -> !u.equals(me)).findFirst().orElse(me);
        ChatItem chat = new ChatItem(room.roomUuid(), peer, room.createdAt());
        chat.update(room, me);
        return chat;
    }

    /** Takes the server's newer knowledge of the room: presence, watermarks, unread count, last message. */
    void update(RoomView room, String me) {
        for (MemberView member : room.members()) {
            if (member.username().equals(me)) {
                myRead = Math.max(myRead, member.readSeq());
            } else {
                peerOnline.set(member.online());
                peerLastSeen.set(member.lastSeen());
                peerDelivered = Math.max(peerDelivered, member.deliveredSeq());
                peerRead = Math.max(peerRead, member.readSeq());
            }
        }
        if (room.lastSeq() >= lastSeq) {
            unread.set((int) room.unreadCount());
        }
        if (room.lastMessage() != null) {
            addStored(room.lastMessage(), room.lastMessage().user().equals(me));
        }
        refreshTicks();
    }

    /**
     * Adds a stored message; returns true when it is newer than anything this chat knew (so it may count as
     * unread), false for one already known or older.
     */
    boolean addStored(MessageView view, boolean mine) {
        boolean newer = view.seq() > lastSeq;
        lastSeq = Math.max(lastSeq, view.seq());
        MessageItem item = window.addStored(view, mine);
        if (newer) {
            showAsLast(item != null ? item : MessageItem.stored(view, mine));
        }
        if (item != null) {
            item.applyWatermarks(peerDelivered, peerRead);
        }
        return newer;
    }

    /** Older history (ascending seq) prepended after scrolling up; or the first page when the chat opens. */
    void addHistory(List<MessageView> page, String me) {
        window.startLoading();
        for (MessageView view : page) {
            addStored(view, view.user().equals(me));
        }
        window.historyAdded();
    }

    /** The seq of the oldest loaded stored message, the cursor for the next older page. */
    long oldestSeq() {
        return window.oldestSeq(lastSeq + 1);
    }

    /** From now on live messages are kept in the window; the first page of history merges in when it arrives. */
    void startLoading() {
        window.startLoading();
    }

    /** Shown and focused: nothing here is unread any more, whatever the server has been told yet. */
    void clearUnread() {
        unread.set(0);
    }

    void addPending(MessageItem item) {
        window.addPending(item);
        showAsLast(item);
    }

    /** My pending message was stored: give it its seq and move it among the stored ones where it belongs. */
    void acknowledge(MessageItem item, MessageView view) {
        item.confirm(view);
        lastSeq = Math.max(lastSeq, view.seq());
        window.acknowledged(item);
        item.applyWatermarks(peerDelivered, peerRead);
    }

    /** The other member's watermark moved: raise the ticks it covers. */
    void peerReceipt(boolean read, long seq) {
        if (read) {
            peerRead = Math.max(peerRead, seq);
        }
        peerDelivered = Math.max(peerDelivered, seq);
        refreshTicks();
    }

    /** I read up to {@code seq} here or on another device. */
    void myRead(long seq) {
        myRead = Math.max(myRead, seq);
        if (myRead >= lastSeq) {
            unread.set(0);
        }
    }

    void countUnread() {
        unread.set(unread.get() + 1);
    }

    /** The server's word on the peer's presence; a null last seen clears it (a block hides it). */
    void presence(boolean online, Instant lastSeen) {
        peerOnline.set(online);
        peerLastSeen.set(lastSeen);
    }

    void typing(boolean value) {
        typing.set(value);
    }

    private void refreshTicks() {
        window.applyWatermarks(peerDelivered, peerRead);
        MessageItem last = lastMessage.get();
        if (last != null) {
            last.applyWatermarks(peerDelivered, peerRead);
        }
    }

    private void showAsLast(MessageItem item) {
        lastMessage.set(item);
        Instant at = item.createdAt();
        if (at != null && (lastActivity.get() == null || at.isAfter(lastActivity.get()))) {
            lastActivity.set(at);
        }
    }

    public UUID roomUuid() {
        return roomUuid;
    }

    public String peer() {
        return peer;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public long myReadSeq() {
        return myRead;
    }

    public long peerDeliveredSeq() {
        return peerDelivered;
    }

    public long peerReadSeq() {
        return peerRead;
    }

    public boolean loaded() {
        return window.loaded();
    }

    /** The window's messages, in display order. */
    public ObservableList<MessageItem> messages() {
        return window.messages();
    }

    public ReadOnlyBooleanProperty peerOnlineProperty() {
        return peerOnline;
    }

    public ReadOnlyObjectProperty<Instant> peerLastSeenProperty() {
        return peerLastSeen;
    }

    public ReadOnlyBooleanProperty typingProperty() {
        return typing;
    }

    public ReadOnlyIntegerProperty unreadProperty() {
        return unread;
    }

    public int unread() {
        return unread.get();
    }

    public ReadOnlyObjectProperty<MessageItem> lastMessageProperty() {
        return lastMessage;
    }

    public ReadOnlyObjectProperty<Instant> lastActivityProperty() {
        return lastActivity;
    }

    public ReadOnlyBooleanProperty hasOlderProperty() {
        return window.hasOlderProperty();
    }

    @Override
    public String toString() {
        return "ChatItem[" + peer + ", lastSeq=" + lastSeq + ", unread=" + unread.get() + "]";
    }
}
