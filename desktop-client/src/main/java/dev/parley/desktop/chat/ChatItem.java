package dev.parley.desktop.chat;

import dev.parley.protocol.EventView;
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
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;

/**
 * One chat as the list shows it, a direct chat or a group: its name (the other person's, or the group's), the other
 * person's presence, preview, time and unread count, its {@link Members} whose watermarks tick my messages, and
 * whether I am still a member; its loaded messages are its {@link MessageWindow}. FX thread only; {@code lastSeq} is
 * the newest seq this client knows of, which is what a {@code sync} resumes from, and {@code stateSeq} the seq the
 * members, name and membership are known at: a membership event after it changes them, one before it is history.
 */
public final class ChatItem {

    private final UUID roomUuid;
    private final String me;
    private final boolean group;
    private final String peer;
    private final Instant createdAt;
    private final StringProperty name = new SimpleStringProperty("");
    private final BooleanProperty member = new SimpleBooleanProperty(true);
    private final BooleanProperty peerOnline = new SimpleBooleanProperty();
    private final ObjectProperty<Instant> peerLastSeen = new SimpleObjectProperty<>();
    private final StringProperty peerAbout = new SimpleStringProperty();
    private final StringProperty draft = new SimpleStringProperty("");
    /** Moves on each profile change of a member: sender names and event lines are said again. */
    private final IntegerProperty namesChanged = new SimpleIntegerProperty();
    private final Typists typists;
    private final IntegerProperty unread = new SimpleIntegerProperty();
    private final ObjectProperty<MessageItem> lastMessage = new SimpleObjectProperty<>();
    private final ObjectProperty<Instant> lastActivity = new SimpleObjectProperty<>();
    private final MessageWindow window = new MessageWindow();
    // My own settings of the chat, as the server stores them for all my devices (see RoomView).
    private final BooleanProperty pinned = new SimpleBooleanProperty();
    private final ObjectProperty<String> mutedUntil = new SimpleObjectProperty<>();
    private final BooleanProperty archived = new SimpleBooleanProperty();
    private final BooleanProperty markedUnread = new SimpleBooleanProperty();
    private long clearedSeq;
    private final Members members;
    private long lastSeq;
    private long stateSeq = -1;
    private long myRead;

    private ChatItem(UUID roomUuid, String me, boolean group, String peer, Instant createdAt) {
        this.roomUuid = roomUuid;
        this.me = me;
        this.group = group;
        this.peer = peer;
        this.createdAt = createdAt;
        this.members = new Members(me);
        this.typists = new Typists(group, members::shownName);
        this.lastActivity.set(createdAt);
    }

    /** A chat from the server's view of the room, seen by {@code me}. */
    public static ChatItem of(RoomView room, String me) {
        String peer = room.group() ? null
                : room.users().stream().filter(u -> !u.equals(me)).findFirst().orElse(me);
        ChatItem chat = new ChatItem(room.roomUuid(), me, room.group(), peer, room.createdAt());
        chat.name.set(room.group() ? room.roomName() : peer);
        chat.update(room);
        return chat;
    }

    /**
     * Takes the server's newer knowledge of the room: members, name and membership (unless this client has applied
     * a later event), presence, watermarks, unread count, last message.
     */
    void update(RoomView room) {
        if (room.lastSeq() >= stateSeq) {
            stateSeq = room.lastSeq();
            members.replace(room.members());
            if (group) {
                name.set(room.roomName());
                member.set(room.member());
            }
        } else {
            members.refresh(room.members()); // answered before events this client already applied
        }
        typists.namesChanged(); // the members' display names may have come with the room
        if (room.ticksDeliveredSeq() != null && room.ticksReadSeq() != null) {
            members.reached(room.ticksDeliveredSeq(), room.ticksReadSeq());
        }
        Member mine = members.find(me);
        if (mine != null) {
            myRead = Math.max(myRead, mine.readSeq());
        }
        Member other = peer == null ? null : members.find(peer);
        if (other != null) {
            peerOnline.set(other.online());
            peerLastSeen.set(other.lastSeen());
            showPeerProfile(other);
        }
        if (room.lastSeq() >= lastSeq) {
            unread.set((int) room.unreadCount());
        }
        if (room.lastMessage() != null) {
            addStored(room.lastMessage());
        }
        // The server's time of the chat's last activity, cleared or not: a chat I cleared keeps its place.
        activeAt(room.lastActivityAt());
        settings(room);
        refreshTicks();
    }

    /** My settings of the chat as the server described them; a new cleared seq drops the messages up to it. */
    private void settings(RoomView room) {
        pinned.set(room.pinned());
        mutedUntil.set(room.mutedUntil());
        archived.set(room.archived());
        markedUnread.set(room.markedUnread());
        if (room.clearedSeq() > clearedSeq) {
            clearedSeq = room.clearedSeq();
            window.clearUpTo(clearedSeq);
            MessageItem last = lastMessage.get();
            if (last != null && !last.pending() && last.seq() <= clearedSeq) {
                lastMessage.set(null);
            }
        }
    }

    /**
     * A message from someone else arrived at {@code at}: as the server counts it, it brings an archived chat back to
     * the list unless the chat is muted.
     */
    void messageFromOther(Instant at) {
        if (archived.get() && !muted(at)) {
            archived.set(false);
        }
    }

    /** Whether the chat is muted at {@code now}: for good, or until a time still ahead. */
    public boolean muted(Instant now) {
        String until = mutedUntil.get();
        if (until == null) {
            return false;
        }
        if (RoomView.FOREVER.equals(until)) {
            return true;
        }
        try {
            return Instant.parse(until).isAfter(now);
        } catch (java.time.format.DateTimeParseException e) {
            return false; // not a time this client understands: not muted rather than silent for good
        }
    }

    public ReadOnlyBooleanProperty pinnedProperty() {
        return pinned;
    }

    public boolean pinned() {
        return pinned.get();
    }

    /** "forever", an ISO time, or null (as the server gives it; see {@link #muted}). */
    public ReadOnlyObjectProperty<String> mutedUntilProperty() {
        return mutedUntil;
    }

    public ReadOnlyBooleanProperty archivedProperty() {
        return archived;
    }

    public boolean archived() {
        return archived.get();
    }

    public ReadOnlyBooleanProperty markedUnreadProperty() {
        return markedUnread;
    }

    public boolean markedUnread() {
        return markedUnread.get();
    }

    /** I cleared the chat up to this seq (0: never). */
    public long clearedSeq() {
        return clearedSeq;
    }

    /**
     * Adds a stored message or event (applying an event newer than the chat's state to it); returns true when it is
     * newer than anything this chat knew (so a message may count as unread), false for one already known or older.
     */
    boolean addStored(MessageView view) {
        return addStored(view, false);
    }

    /** As {@link #addStored(MessageView)}; {@code fromPage}: from a page of history (see {@link MessageWindow}). */
    private boolean addStored(MessageView view, boolean fromPage) {
        boolean newer = view.seq() > lastSeq;
        lastSeq = Math.max(lastSeq, view.seq());
        if (view.roomEvent()) {
            apply(view.seq(), view.event());
        } else if (group && !view.user().equals(me)) {
            // The server counts everything up to a member's own message as delivered to and read by them (their
            // watermarks move with the insert): mirror it, as the server's next description of the group would show.
            memberReceipt(view.user(), true, view.seq());
        } else if (view.user().equals(me)) {
            myRead(view.seq()); // sent from another of my devices: the server reads everything up to it for me
        }
        MessageItem item = window.addStored(view, me, fromPage);
        if (newer) {
            showAsLast(item != null ? item : MessageItem.stored(view, me));
        } else if (item != null && lastMessage.get() != null && !lastMessage.get().pending()
                && lastMessage.get().seq() == item.seq()) {
            // The preview is now the loaded message itself: my actions on it show there at once (a queued edit's
            // text, its clock), not only once the server's update comes.
            lastMessage.set(item);
        }
        if (item != null) {
            item.applyWatermarks(members);
        }
        return newer;
    }

    /**
     * A message action, room event {@code seq}, left the message {@code view.seq()} as {@code view}: the loaded
     * message, the quotes of it and the list's preview (when it is the last message) follow. Never unread, never
     * the chat's latest activity; returns whether the event is newer than anything this chat knew.
     */
    boolean addUpdate(long seq, MessageView view) {
        boolean newer = seq > lastSeq;
        lastSeq = Math.max(lastSeq, seq);
        window.update(seq, view);
        MessageItem last = lastMessage.get();
        if (last != null && !last.pending() && window.find(last.seq()) != last) {
            // The preview of a chat whose messages are not loaded is an item of its own.
            if (last.seq() == view.seq()) {
                last.update(seq, view);
            } else {
                last.requote(view);
            }
        }
        return newer;
    }

    /**
     * The loaded history may lack updates (a sync replayed only part of what was missed): forget it, keeping only
     * my messages waiting for their ack; the newest page is loaded again when the chat shows.
     */
    void forgetHistory() {
        window.forget();
    }

    /** After {@link #forgetHistory()}: the server's view of the room now, which the chat resumes from. */
    void caughtUp(RoomView room) {
        update(room);
        lastSeq = Math.max(lastSeq, room.lastSeq());
        MessageItem last = lastMessage.get();
        MessageView current = room.lastMessage();
        if (current != null && (last == null || !last.pending() && last.seq() <= current.seq())) {
            MessageItem item = MessageItem.stored(current, me); // the old preview may have missed updates too
            item.applyWatermarks(members);
            showAsLast(item);
        }
    }

    /** The loaded stored message {@code seq}, or null. */
    MessageItem loadedMessage(long seq) {
        return window.find(seq);
    }

    /** A membership or room event changes who is in the group, their roles or its name. */
    private void apply(long seq, EventView event) {
        if (!group || seq <= stateSeq) {
            return; // history: the state already includes it
        }
        stateSeq = seq;
        List<String> users = event.users();
        switch (event.action()) {
            case EventView.CREATED, EventView.RENAMED -> name.set(event.name() == null ? name.get() : event.name());
            case EventView.ADDED -> {
                members.add(users, seq);
                if (users.contains(me)) {
                    member.set(true);
                }
            }
            case EventView.REMOVED, EventView.LEFT -> {
                members.remove(users);
                typists.removeAll(users);
                if (users.contains(me)) {
                    member.set(false);
                }
            }
            case EventView.ROLE_CHANGED -> members.role(users, event.role());
            default -> { }
        }
        refreshTicks();
    }

    /** Older history (ascending seq) prepended after scrolling up, or the first page when the chat opens. */
    void addHistory(List<MessageView> page, boolean fullPage) {
        window.startLoading();
        page.forEach(view -> addStored(view, true));
        window.historyAdded(fullPage);
    }

    /**
     * Empties the loaded history to fill it around an older message (see {@link MessageWindow#detach()}); returns
     * the epoch its pages belong to.
     */
    long detachHistory() {
        return window.detach();
    }

    /** Newer history (ascending seq) appended below a detached window; a short page joins it to the live end. */
    void addNewer(List<MessageView> page, boolean fullPage) {
        page.forEach(view -> addStored(view, true));
        window.newerAdded(fullPage, me);
        window.applyWatermarks(members);
    }

    /** The seq of the newest loaded stored message, the cursor for the next newer page. */
    long newestSeq() {
        return window.newestSeq();
    }

    /** Whether one of my messages here waits for its ack. */
    boolean hasPending() {
        return window.hasPending();
    }

    /** Moves whenever the loaded history is replaced: a page asked for before then belongs to none of it. */
    long historyEpoch() {
        return window.epoch();
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
        myRead(view.seq()); // my read watermark moves with my own message, as the server's does
        window.acknowledged(item);
        item.applyWatermarks(members);
    }

    /** Another member's watermark moved: raise the ticks it covers. */
    void memberReceipt(String username, boolean read, long seq) {
        if (members.receipt(username, read, seq)) {
            refreshTicks();
        }
    }

    /** A group's ticks moved (see {@link Members#ticks}): raise the ticks of my messages they cover. */
    void groupTicks(long delivered, long read) {
        if (members.ticks(delivered, read)) {
            refreshTicks();
        }
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

    /**
     * The connection was lost: whoever was online may have gone since, so nobody here shows online until the rooms
     * are refreshed (a last seen already known stays true and is kept).
     */
    void forgetLivePresence() {
        for (Member member : java.util.List.copyOf(members.list())) {
            if (member.online()) {
                presence(member.username(), false, null); // the peer of a direct chat too: it is a member
            }
        }
    }

    /** The server's word on someone's presence; a null last seen clears it (a block hides it). */
    void presence(String username, boolean online, Instant lastSeen) {
        members.presence(username, online, lastSeen);
        if (username.equals(peer)) {
            peerOnline.set(online);
            peerLastSeen.set(lastSeen);
        }
    }

    /**
     * Someone's new display name and About: in a direct chat with them, the chat's name and the About under it; in a
     * group, the member (sender names and event lines read it).
     */
    void profile(String username, String displayName, String about) {
        if (members.profile(username, displayName, about)) {
            namesChanged.set(namesChanged.get() + 1);
            typists.namesChanged();
        }
        Member other = username.equals(peer) ? members.find(peer) : null;
        if (other != null) {
            showPeerProfile(other);
        }
    }

    private void showPeerProfile(Member other) {
        name.set(other.shownName());
        peerAbout.set(other.about());
    }

    /** The name to show for {@code username} in this chat: their display name where set, else the username. */
    public String shownName(String username) {
        return members.shownName(username);
    }

    /** Counts the profile changes of this chat's members (sender names and event lines follow it). */
    public ReadOnlyIntegerProperty namesChangedProperty() {
        return namesChanged;
    }

    /** The other person's About in a direct chat; null when not set, or in a group. */
    public ReadOnlyStringProperty peerAboutProperty() {
        return peerAbout;
    }

    /**
     * My unsent text in this chat as the chat list shows it ("Draft: …" instead of the last message, as WhatsApp
     * does): empty when there is none and while the chat is open (see {@link Drafts}).
     */
    public ReadOnlyStringProperty draftProperty() {
        return draft;
    }

    void showDraft(String text) {
        draft.set(text);
    }

    void typing(String username, boolean value) {
        typists.set(username, value);
    }

    /** Nobody is shown typing any more (the connection dropped). */
    void clearTyping() {
        typists.clear();
    }

    private void refreshTicks() {
        window.applyWatermarks(members);
        MessageItem last = lastMessage.get();
        if (last != null) {
            last.applyWatermarks(members);
        }
    }

    private void showAsLast(MessageItem item) {
        lastMessage.set(item);
        activeAt(item.createdAt());
    }

    /** Something happened in the chat at {@code at}: its last activity moves there if that is later (never back). */
    private void activeAt(Instant at) {
        if (at != null && (lastActivity.get() == null || at.isAfter(lastActivity.get()))) {
            lastActivity.set(at);
        }
    }

    public UUID roomUuid() {
        return roomUuid;
    }

    /** The other person of a direct chat; null in a group. */
    public String peer() {
        return peer;
    }

    public boolean group() {
        return group;
    }

    /** What the list and the header call the chat: the other person's name, or the group's. */
    public String name() {
        return name.get();
    }

    public ReadOnlyStringProperty nameProperty() {
        return name;
    }

    /** False once I left the group or was removed: I read what I saw and can send nothing. */
    public boolean isMember() {
        return member.get();
    }

    public ReadOnlyBooleanProperty memberProperty() {
        return member;
    }

    /** The current members, me included while I am one. */
    public ObservableList<Member> members() {
        return members.list();
    }

    /** The member named so, or null. */
    public Member member(String username) {
        return members.find(username);
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

    /** Whether anyone is typing here. */
    public ReadOnlyBooleanProperty typingProperty() {
        return typists.anyoneProperty();
    }

    /** "typing…", "Bob Builder is typing…", "Bob Builder and carol are typing…" (shown names); empty while nobody is. */
    public ReadOnlyStringProperty typingTextProperty() {
        return typists.textProperty();
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

    /**
     * Whether the loaded messages stop short of the newest (opened at an older message): scrolling down loads newer
     * ones until they join the live end.
     */
    public ReadOnlyBooleanProperty hasNewerProperty() {
        return window.hasNewerProperty();
    }

    @Override
    public String toString() {
        return "ChatItem[" + name.get() + ", lastSeq=" + lastSeq + ", unread=" + unread.get() + "]";
    }
}
