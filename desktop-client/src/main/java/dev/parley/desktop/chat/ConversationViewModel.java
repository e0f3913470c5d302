package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.net.ChatApi;
import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.ClientFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The open conversation: which chat it is, its header (name, online / typing… / last seen, or a group's member count
 * and who is typing), the composer (a draft per chat) and the commands made there: open, send, type, read, fetch
 * older history, block and unblock the other person of a direct chat (while blocked, a notice replaces sending).
 * A group I am no longer a member of says so and sends nothing. Read receipts go out only for the chat in front of
 * a focused window. FX thread only: network callbacks hop over through {@code fx}.
 */
public final class ConversationViewModel {

    static final int PAGE = 50;
    private static final Duration TYPING_RESEND = Duration.ofSeconds(3);

    private final String me;
    private final ChatApi api;
    private final ChatConnection socket;
    private final ConnectionStatus connection;
    private final Outbox<MessageItem> outbox;
    private final Executor fx;
    private final Clock clock;
    private final Formats formats;
    private final ReadOnlyObjectWrapper<ChatItem> chat = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<UnreadMark> unreadMark = new ReadOnlyObjectWrapper<>();
    private final BooleanProperty windowFocused = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper subtitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper typing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canSend = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper blocked = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper group = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper notMember = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper blockNotice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper blockAction = new ReadOnlyStringWrapper("");
    private final Set<String> blockedUsers = new HashSet<>();
    private final StringProperty draft = new SimpleStringProperty("");
    private final Map<UUID, String> drafts = new HashMap<>();
    private final DraftStore draftStore;
    private final Set<ChatItem> loadingOlder = new HashSet<>();
    private final InvalidationListener headerListener = obs -> refreshHeader();
    private final InvalidationListener membershipListener = obs -> refreshMembership();
    private Consumer<Throwable> onFailure = failure -> { };
    private Instant lastTypingSent = Instant.EPOCH;
    private boolean restoringDraft;

    public ConversationViewModel(String me, ChatApi api, ChatConnection socket, ConnectionStatus connection,
                                 Outbox<MessageItem> outbox, Executor fx, Clock clock, Formats formats) {
        this(me, api, socket, connection, outbox, fx, clock, formats, DraftStore.NONE);
    }

    /** Drafts are read from {@code draftStore} now and written back on every chat switch, send and stop. */
    public ConversationViewModel(String me, ChatApi api, ChatConnection socket, ConnectionStatus connection,
                                 Outbox<MessageItem> outbox, Executor fx, Clock clock, Formats formats,
                                 DraftStore draftStore) {
        this.me = me;
        this.draftStore = draftStore;
        drafts.putAll(draftStore.load());
        this.api = api;
        this.socket = socket;
        this.connection = connection;
        this.outbox = outbox;
        this.fx = fx;
        this.clock = clock;
        this.formats = formats;
        chat.addListener((obs, old, now) -> switchTo(old, now));
        draft.addListener((obs, old, text) -> {
            refreshCanSend();
            if (!restoringDraft && text != null && !text.isEmpty()) {
                typed();
            }
        });
        windowFocused.addListener((obs, was, focused) -> markReadIfShowing());
    }

    /** Shows a chat: loads its newest page on first open and reads what is there. */
    public void open(ChatItem next) {
        if (next == null || next == chat.get()) {
            return;
        }
        // Remembered before reading moves the watermark: the chat opens at its first unread message.
        unreadMark.set(next.unread() > 0 ? new UnreadMark(next.myReadSeq(), next.unread()) : null);
        chat.set(next);
        if (!next.loaded()) {
            next.startLoading();
            api.messagesBefore(next.roomUuid(), null, PAGE).whenComplete((page, failure) -> fx.execute(() -> {
                if (failure == null) {
                    next.addHistory(page, page.size() >= PAGE);
                    markReadIfShowing();
                } else {
                    onFailure.accept(failure);
                }
            }));
        }
        markReadIfShowing();
    }

    /** Learns whom the user blocked (at start: blocks made elsewhere are known from here on). */
    public void loadBlocked() {
        api.blockedUsers().whenComplete((list, failure) -> fx.execute(() -> {
            if (failure == null) {
                blockedUsers.clear();
                list.forEach(user -> blockedUsers.add(user.username()));
                refreshBlocked();
            } else {
                onFailure.accept(failure);
            }
        }));
    }

    /** Blocks the other person of the open chat (the view asks for confirmation first). */
    public CompletableFuture<Void> block() {
        return changeBlock(true);
    }

    /** Unblocks the other person of the open chat. */
    public CompletableFuture<Void> unblock() {
        return changeBlock(false);
    }

    private CompletableFuture<Void> changeBlock(boolean block) {
        ChatItem open = chat.get();
        if (open == null) {
            return CompletableFuture.completedFuture(null);
        }
        String peer = open.peer();
        CompletableFuture<Void> done = new CompletableFuture<>();
        (block ? api.block(peer) : api.unblock(peer)).whenComplete((ok, failure) -> fx.execute(() -> {
            if (failure == null) {
                if (block) {
                    blockedUsers.add(peer);
                } else {
                    blockedUsers.remove(peer);
                }
                refreshBlocked();
            } else {
                onFailure.accept(failure);
            }
            done.complete(null);
        }));
        return done;
    }

    /** Blocking is between two people: a group has no block, only its direct chats do. */
    private void refreshBlocked() {
        ChatItem open = chat.get();
        boolean direct = open != null && !open.group();
        boolean isBlocked = direct && blockedUsers.contains(open.peer());
        blocked.set(isBlocked);
        blockNotice.set(direct ? "You blocked " + open.peer() + ". Unblock to send a message." : "");
        blockAction.set(direct ? (isBlocked ? "Unblock " : "Block ") + open.peer() : "");
        refreshCanSend();
    }

    /** The open group's membership changed (or another chat opened): a former member sends nothing. */
    private void refreshMembership() {
        ChatItem open = chat.get();
        group.set(open != null && open.group());
        notMember.set(open != null && !open.isMember());
        refreshCanSend();
    }

    private void refreshCanSend() {
        String text = draft.get();
        canSend.set(text != null && !text.isBlank() && !blocked.get() && !notMember.get());
    }

    /** Sends the draft (Enter) and empties the composer. */
    public void send() {
        if (canSend.get()) {
            write(draft.get());
            draft.set("");
            keepDraft();
        }
    }

    /** Writes the drafts down, the open chat's included (the app calls it when the window goes). */
    public void keepDraft() {
        ChatItem open = chat.get();
        if (open != null) {
            remember(open, draft.get());
        }
        draftStore.save(Map.copyOf(drafts));
    }

    /** Signing out of this device leaves none of the user's unsent text behind. */
    public void forgetDrafts() {
        drafts.clear();
        restoringDraft = true;
        draft.set("");
        restoringDraft = false;
        draftStore.save(Map.of());
    }

    private void remember(ChatItem item, String text) {
        if (text == null || text.isBlank()) {
            drafts.remove(item.roomUuid());
        } else {
            drafts.put(item.roomUuid(), text);
        }
    }

    /** A message into the open chat: shown at once with a clock, sent now or when the connection is back. */
    private void write(String text) {
        ChatItem open = chat.get();
        String content = text == null ? "" : text.strip();
        if (open == null || content.isEmpty()) {
            return;
        }
        String clientId = "d-" + UUID.randomUUID();
        MessageItem item = MessageItem.pending(me, content, clientId, clock.instant());
        open.addPending(item);
        ClientFrame.Send frame = outbox.add(open.roomUuid(), content, clientId, item);
        if (connection.online()) {
            socket.send(frame);
        }
    }

    /** The user typed in the open chat: tells the other members, at most every few seconds. */
    private void typed() {
        ChatItem open = chat.get();
        Instant now = clock.instant();
        if (open != null && open.isMember() && connection.online()
                && Duration.between(lastTypingSent, now).compareTo(TYPING_RESEND) >= 0) {
            lastTypingSent = now;
            socket.send(new ClientFrame.Typing(open.roomUuid()));
        }
    }

    /** Fetches the page before the oldest loaded message of the open chat. */
    public CompletableFuture<Void> loadOlder() {
        ChatItem open = chat.get();
        if (open == null || !open.loaded() || !open.hasOlderProperty().get() || !loadingOlder.add(open)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        api.messagesBefore(open.roomUuid(), open.oldestSeq(), PAGE).whenComplete((page, failure) -> fx.execute(() -> {
            loadingOlder.remove(open);
            if (failure == null) {
                open.addHistory(page, page.size() >= PAGE);
            } else {
                onFailure.accept(failure);
            }
            done.complete(null);
        }));
        return done;
    }

    /** Whether {@code item} offers "Message info": one of mine, stored, in a group. */
    public boolean hasInfo(MessageItem item) {
        ChatItem open = chat.get();
        return open != null && open.group() && item.mine() && !item.pending() && !item.event();
    }

    /**
     * What the message-info shortcut shows: {@code focused} (the message the keyboard is on) when it offers info,
     * nothing for any other focused message, and with none focused the newest of mine that offers it; else null.
     */
    public MessageItem infoTarget(MessageItem focused) {
        ChatItem open = chat.get();
        if (focused != null || open == null) {
            return focused != null && hasInfo(focused) ? focused : null;
        }
        return open.messages().reversed().stream().filter(this::hasInfo).findFirst().orElse(null);
    }

    /** The "Message info" of one of my messages in the open group. */
    public MessageInfoViewModel messageInfo(MessageItem item) {
        return new MessageInfoViewModel(me, api, fx, chat.get(), item);
    }

    /** In front of the user: open here and the window has focus. */
    boolean isShowing(ChatItem candidate) {
        return candidate == chat.get() && windowFocused.get();
    }

    /** Read receipts only for the chat in front of a focused window. */
    void markReadIfShowing() {
        ChatItem open = chat.get();
        if (open == null || !windowFocused.get()) {
            return;
        }
        open.clearUnread();
        // A former member's read would be refused: the server keeps their watermark where they left.
        if (open.isMember() && connection.online() && open.lastSeq() > open.myReadSeq()) {
            socket.send(new ClientFrame.Read(open.roomUuid(), open.lastSeq()));
            open.myRead(open.lastSeq());
        }
    }

    /** Where a failed call goes (an expired session ends everything). */
    void setOnFailure(Consumer<Throwable> onFailure) {
        this.onFailure = onFailure;
    }

    private void switchTo(ChatItem old, ChatItem next) {
        if (old != null) {
            remember(old, draft.get());
            draftStore.save(Map.copyOf(drafts));
            old.peerOnlineProperty().removeListener(headerListener);
            old.peerLastSeenProperty().removeListener(headerListener);
            old.typingTextProperty().removeListener(headerListener);
            old.nameProperty().removeListener(headerListener);
            old.members().removeListener(headerListener);
            old.memberProperty().removeListener(membershipListener);
        }
        if (next != null) {
            next.peerOnlineProperty().addListener(headerListener);
            next.peerLastSeenProperty().addListener(headerListener);
            next.typingTextProperty().addListener(headerListener);
            next.nameProperty().addListener(headerListener);
            next.members().addListener(headerListener);
            next.memberProperty().addListener(membershipListener);
        }
        restoringDraft = true;
        draft.set(next == null ? "" : drafts.getOrDefault(next.roomUuid(), ""));
        restoringDraft = false;
        refreshMembership();
        refreshBlocked();
        refreshHeader();
    }

    /** Call again every minute or so: "last seen" words are relative to today. */
    public void refreshHeader() {
        ChatItem open = chat.get();
        title.set(open == null ? "" : open.name());
        typing.set(open != null && open.typingProperty().get());
        if (open == null) {
            subtitle.set("");
        } else if (open.typingProperty().get()) {
            subtitle.set(open.typingTextProperty().get());
        } else if (open.group()) {
            int count = open.members().size();
            subtitle.set(count == 1 ? "1 member" : count + " members");
        } else if (open.peerOnlineProperty().get()) {
            subtitle.set("online");
        } else {
            subtitle.set(formats.lastSeen(open.peerLastSeenProperty().get()));
        }
    }

    /** Where the open chat's unread messages started when it was opened; null when it had none. */
    public ReadOnlyObjectProperty<UnreadMark> unreadMarkProperty() {
        return unreadMark.getReadOnlyProperty();
    }

    /** The open chat, or null. */
    public ReadOnlyObjectProperty<ChatItem> chatProperty() {
        return chat.getReadOnlyProperty();
    }

    /** Whether the window has focus: bound to the stage by the app. */
    public BooleanProperty windowFocusedProperty() {
        return windowFocused;
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty subtitleProperty() {
        return subtitle.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty typingProperty() {
        return typing.getReadOnlyProperty();
    }

    /** Whether the open chat is a group (group info, sender names, no blocking). */
    public ReadOnlyBooleanProperty groupProperty() {
        return group.getReadOnlyProperty();
    }

    /**
     * Whether the open chat is a group I left or was removed from: "You are no longer a member of this group" over a
     * composer that sends nothing.
     */
    public ReadOnlyBooleanProperty notMemberProperty() {
        return notMember.getReadOnlyProperty();
    }

    /** Whether the user blocked the other person of the open chat: nothing can be sent until they unblock. */
    public ReadOnlyBooleanProperty blockedProperty() {
        return blocked.getReadOnlyProperty();
    }

    /** What the notice over the composer says while blocked. */
    public ReadOnlyStringProperty blockNoticeProperty() {
        return blockNotice.getReadOnlyProperty();
    }

    /** The chat menu's entry: "Block bob" or "Unblock bob". */
    public ReadOnlyStringProperty blockActionProperty() {
        return blockAction.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSendProperty() {
        return canSend.getReadOnlyProperty();
    }

    /** The composer's text: the one writable input. */
    public StringProperty draftProperty() {
        return draft;
    }
}
