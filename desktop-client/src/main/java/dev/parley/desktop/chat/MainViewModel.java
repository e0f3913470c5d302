package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.common.Scheduler;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The signed-in session: keeps the connection, applies every server frame to the chats (the one switch over
 * {@link ServerFrame}), sends the {@link Outbox} once caught up and settles it as messages and message actions are
 * stored, and ends the session. What the user does in a chat is the {@link ConversationViewModel}'s. FX thread only: network callbacks
 * hop over through {@code fx}.
 */
public final class MainViewModel {

    /**
     * What came into a chat that is not in front of the user, shown as one toast per chat under the chat's name: the
     * message (in a group, "bob: message") when one came, "{@code count} new messages" when more did.
     */
    public record Notice(ChatItem chat, String title, String text, int count) {
    }

    private final String me;
    private final ChatApi api;
    private final ChatConnection socket;
    private final ConnectionStatus connection;
    private final Outbox<MessageItem> outbox;
    private final ChatListViewModel chats;
    private final ConversationViewModel conversation;
    private final Executor fx;
    private final Scheduler scheduler;
    private final GapSyncs gapSyncs = new GapSyncs();
    private final ProfileViewModel profile;
    private final ChatSettings settings;

    private final ObservableList<Notice> notices = FXCollections.observableArrayList();
    private final ObservableList<Notice> noticesView = FXCollections.unmodifiableObservableList(notices);
    private final Map<ChatItem, ChangeListener<Number>> noticeWatchers = new HashMap<>();
    private Consumer<String> onSignedOut = reason -> { };
    private boolean stopped;

    public MainViewModel(String me, ChatApi api, ChatConnection socket, ConnectionStatus connection,
                         Outbox<MessageItem> outbox, ChatListViewModel chats, ConversationViewModel conversation,
                         Executor fx, Scheduler scheduler) {
        this.me = me;
        this.api = api;
        this.socket = socket;
        this.connection = connection;
        this.outbox = outbox;
        this.chats = chats;
        this.conversation = conversation;
        this.fx = fx;
        this.scheduler = scheduler;
        this.profile = new ProfileViewModel(me, api, fx);
        profile.setOnSignedOutEverywhere(() -> {
            conversation.forgetDrafts(); // as signing out of this device does
            if (!stopped) {
                leave(null); // the server may have closed the socket first: then its 401 already left
            }
        });
        conversation.setOnFailure(this::failed);
        chats.findPeopleWith(new PeopleSearch(api, fx));
        this.settings = new ChatSettings(api, chats, conversation, fx, scheduler, java.time.Clock.systemUTC(),
                this::failed);
    }

    /** The commands of my own settings of a chat (pin, mute, archive, mark unread, clear). */
    public ChatSettings chatSettings() {
        return settings;
    }

    /** Loads the chats and opens the connection; frames are applied from here on. */
    public void start() {
        refreshRooms();
        profile.load();
        conversation.loadBlocked();
        api.limits().whenComplete((limits, failure) -> fx.execute(() -> {
            if (failure == null) {
                conversation.limits(limits);
                if (socket instanceof PacedConnection paced) {
                    paced.pace(limits.sendBurst(), limits.sendsPerSecond());
                }
            } else {
                failed(failure); // else the server's defaults, which the actions assume until told otherwise
            }
        }));
        socket.start(new ChatConnection.Listener() {
            @Override
            public void onOpen() {
                fx.execute(MainViewModel.this::connected);
            }

            @Override
            public void onFrame(ServerFrame frame) {
                fx.execute(() -> apply(frame));
            }

            @Override
            public void onDisconnected(String reason, Duration retryIn) {
                fx.execute(() -> disconnected(reason, retryIn));
            }

            @Override
            public void onUnauthorized() {
                fx.execute(MainViewModel.this::sessionExpired);
            }
        });
    }

    /** My profile and the drawer that edits it. */
    public ProfileViewModel profile() {
        return profile;
    }

    /** Someone changed their display name or About: their chats, and mine when it was me on another device. */
    private void profile(ServerFrame.Profile frame) {
        chats.profile(frame);
        profile.changed(frame.user(), frame.displayName(), frame.about());
    }

    /** The people picker of "New group"; the group it creates opens at once. */
    public MemberPickerViewModel newGroup() {
        return MemberPickerViewModel.newGroup(me, api, fx, chats::openRoom, this::refreshRooms);
    }

    public void reconnectNow() {
        socket.reconnectNow();
    }

    /** Ends the session on the server (best effort) and leaves. */
    public void signOut() {
        conversation.forgetDrafts();
        api.logout().whenComplete((ok, failure) -> fx.execute(() -> leave(null)));
    }

    /** Keeps the drafts and closes the connection, once; nothing is applied afterwards. */
    public void stop() {
        if (stopped) {
            return; // leave() stops before the app does: closing the socket twice threw from its closed executor
        }
        conversation.keepDraft();
        stopped = true;
        socket.close();
    }

    private void connected() {
        if (stopped) {
            return;
        }
        connection.opened();
        // The server holds live messages until this first frame, then merges them with the replay.
        Map<UUID, Long> since = new HashMap<>();
        chats.allChats().forEach(c -> since.put(c.roomUuid(), c.lastSeq()));
        socket.send(new ClientFrame.Sync(since));
        refreshRooms(); // rooms, presence and receipts that changed while this client was away
    }

    private void disconnected(String reason, Duration retryIn) {
        if (stopped) {
            return;
        }
        connection.dropped(reason, retryIn);
        gapSyncs.clear();
        chats.allChats().forEach(ChatItem::clearTyping);
        // Who is online now is unknown until the rooms are refreshed after the next sync: no stale "online".
        chats.allChats().forEach(ChatItem::forgetLivePresence);
    }

    /** Applies one server frame. */
    void apply(ServerFrame frame) {
        if (stopped) {
            return;
        }
        switch (frame) {
            case ServerFrame.Ack ack -> acknowledged(ack);
            case ServerFrame.Message m -> received(m.message());
            case ServerFrame.Update u -> updated(u);
            case ServerFrame.Typing t -> chats.typing(t);
            case ServerFrame.Receipt r -> chats.receipt(r);
            case ServerFrame.Ticks t -> chats.ticks(t);
            case ServerFrame.Presence p -> chats.presence(p);
            case ServerFrame.Profile p -> profile(p);
            case ServerFrame.Room r -> chats.upsert(r.room());
            case ServerFrame.Block b -> conversation.blockChanged(b.user(), b.blocked());
            case ServerFrame.Synced s -> synced(s.hasMore());
            case ServerFrame.Pong p -> { }
            case ServerFrame.Error e -> refused(e);
            case ServerFrame.Batch batch -> batch.frames().forEach(this::apply); // unpacked by the socket already
        }
    }

    /**
     * A message frame: replayed while syncing, live once caught up. A live one that skips seqs (known + 1 was never
     * sent here) syncs its room from the newest seq known, so the replay fills the hole; in a group, someone added
     * again skips the seqs of their absence and that sync replays nothing, once.
     */
    private void received(MessageView message) {
        boolean live = connection.online();
        ChatItem chat = chats.find(message.roomUuid());
        if (live && chat != null) {
            gapSyncs.onLive(chat.roomUuid(), chat.lastSeq(), message.seq()).ifPresent(socket::send);
        }
        settle(message.clientId(), message, live);
    }

    /**
     * A message action's update: the message (where loaded), the quotes of it and the chat's preview follow it. It
     * takes a seq of the room as messages do (a live one that skips seqs syncs the room likewise), but is never
     * unread, never moves the chat up and never notifies.
     */
    private void updated(ServerFrame.Update update) {
        ChatItem chat = chats.find(update.roomUuid());
        if (chat == null) {
            chats.updated(update); // a search may show the message all the same
            refreshRooms();
            return;
        }
        if (connection.online()) {
            gapSyncs.onLive(chat.roomUuid(), chat.lastSeq(), update.seq()).ifPresent(socket::send);
        }
        if (chats.updated(update)) {
            conversation.markReadIfShowing(); // the read watermark keeps up with the room's seq
        }
    }

    /** An ack: of one of my messages (it is stored), or of one of my actions (it stays applied). */
    private void acknowledged(ServerFrame.Ack ack) {
        if (outbox.frame(ack.clientId()).orElse(null) instanceof ClientFrame.Action) {
            outbox.settle(ack.clientId()).ifPresent(e -> e.owner().actionAcknowledged(ack.clientId(), ack.message()));
            return;
        }
        settle(ack.clientId(), ack.message(), false);
    }

    private void synced(List<UUID> hasMore) {
        if (connection.online()) {
            // The answer to a gap sync: the outbox already went out after the connection's own sync.
            gapSyncs.answered().filter(gap -> hasMore.contains(gap.room())).ifPresent(gap -> reload(gap.room()));
            return;
        }
        connection.synced();
        outbox.frames().forEach(socket::send);
        hasMore.forEach(this::reload);
        conversation.markReadIfShowing();
    }

    /**
     * A room had more missed events than a sync replays. Paging the rest would miss the updates of messages older
     * than them, so the chat forgets its loaded history and takes the room as it is now: its list entry from
     * {@code GET /api/rooms/{uuid}/}, its newest page of history (each message in its current state) once it shows.
     */
    private void reload(UUID room) {
        ChatItem chat = chats.find(room);
        if (chat == null) {
            return;
        }
        chat.forgetHistory();
        conversation.reloadIfOpen(chat);
        api.room(room).whenComplete((view, failure) -> fx.execute(() -> {
            if (failure == null) {
                chat.caughtUp(view);
                conversation.markReadIfShowing();
            } else {
                failed(failure);
            }
        }));
    }

    /**
     * One stored message, however it came: an ack, a live or replayed message, a catch-up page. If it is mine and
     * still in the outbox (also when its ack was lost with the connection) it settles the pending copy; otherwise it
     * is added to its chat, where a copy already there is not added twice.
     */
    private void settle(String clientId, MessageView message, boolean live) {
        ChatItem chat = chats.find(message.roomUuid());
        if (chat == null) {
            refreshRooms(); // a room this client has not heard of yet: its list entry comes with the rest
            return;
        }
        boolean mine = message.user().equals(me);
        Optional<Outbox.Entry<MessageItem>> pending = mine ? outbox.settle(clientId) : Optional.empty();
        if (pending.isPresent()) {
            chat.acknowledge(pending.get().owner(), message);
            return;
        }
        boolean newer = chat.addStored(message);
        if (message.roomEvent()) {
            // A system line: never unread, never a notice; it may have changed the open chat (e.g. I was removed).
            if (newer) {
                conversation.markReadIfShowing();
            }
            return;
        }
        if (!newer || mine) {
            return;
        }
        chat.typing(message.user(), false);
        chat.messageFromOther(message.createdAt()); // brings an archived chat back, unless muted
        if (conversation.isShowing(chat)) {
            conversation.markReadIfShowing();
        } else {
            chat.countUnread();
            if (live && !settings.muted(chat)) { // a muted chat shows no toast
                notice(chat, message);
            }
        }
    }

    /** Replaces the chat's notice (newest first) with one that counts this message too. */
    private void notice(ChatItem chat, MessageView message) {
        Optional<Notice> old = notices.stream().filter(n -> n.chat() == chat).findFirst();
        int count = old.map(n -> n.count() + 1).orElse(1);
        old.ifPresent(notices::remove);
        String said = AttachmentText.preview(message.content(), message.attachments()); // "📷 Photo" for a photo
        String text = chat.group() ? chat.shownName(message.user()) + ": " + said : said;
        notices.addFirst(new Notice(chat, chat.name(), count == 1 ? text : count + " new messages", count));
        // Read here, or on another device (a read receipt of mine): the notice has nothing left to say.
        noticeWatchers.computeIfAbsent(chat, c -> {
            ChangeListener<Number> watcher = (obs, was, unread) -> {
                if (unread.intValue() == 0) {
                    dismissNotice(c);
                }
            };
            c.unreadProperty().addListener(watcher);
            return watcher;
        });
    }

    /** The chat's notice is gone: read, clicked, timed out or dismissed. */
    public void dismissNotice(ChatItem chat) {
        notices.removeIf(n -> n.chat() == chat);
        ChangeListener<Number> watcher = noticeWatchers.remove(chat);
        if (watcher != null) {
            chat.unreadProperty().removeListener(watcher);
        }
    }

    /** Every notice is gone (Esc); true when there was one. */
    public boolean dismissNotices() {
        boolean any = !notices.isEmpty();
        List.copyOf(noticeWatchers.keySet()).forEach(this::dismissNotice);
        return any;
    }

    private void refused(ServerFrame.Error error) {
        Optional<ClientFrame> refused = outbox.frame(error.clientId());
        if (refused.isEmpty()) {
            if (error.clientId() == null && "rate_limited".equals(error.code())) {
                // Past the frames a connection may send the server ignores a frame unread, so it cannot say which:
                // whatever still waits goes again (the same client ids, stored once) when it would be taken.
                scheduler.schedule(PacedConnection.retryWait(error), () -> {
                    if (connection.online()) {
                        outbox.frames().forEach(socket::send);
                    }
                });
            }
            return;
        }
        if (Outbox.isTransient(error.code())) {
            // Try the same client id again when the server said it would take it (else shortly), unless it was
            // settled meanwhile. Refusals arrive in the order written, so the retries go out in that order too (a
            // PacedConnection holds it, and every later one, at the head of its queue until then: this finds it there).
            scheduler.schedule(PacedConnection.retryWait(error), () -> outbox.frame(error.clientId())
                    .filter(frame -> connection.online())
                    .ifPresent(socket::send));
            return;
        }
        String reason = Formats.sentence(error.message());
        outbox.settle(error.clientId()).ifPresent(failed -> {
            if (failed.frame() instanceof ClientFrame.Action action) {
                long which = failed.owner().actionRefused(error.clientId(), refusal(action) + " " + reason);
                conversation.refused(chats.find(action.roomUuid()), failed.owner(), which);
            } else {
                failed.owner().fail(reason);
            }
        });
    }

    /** What did not happen, for the line under the message: "Not edited. The edit window is over." */
    private static String refusal(ClientFrame.Action action) {
        return switch (action) {
            case ClientFrame.Edit e -> "Not edited.";
            case ClientFrame.Delete d -> "Not deleted.";
            case ClientFrame.React r -> r.emoji() == null ? "Reaction not removed." : "Reaction not sent.";
        };
    }

    private void refreshRooms() {
        api.rooms().whenComplete((rooms, failure) -> fx.execute(() -> {
            if (failure == null) {
                rooms.forEach(chats::upsert);
                conversation.markReadIfShowing();
            } else {
                failed(failure);
            }
        }));
    }

    private void failed(Throwable failure) {
        if (ApiException.of(failure).status() == 401) {
            sessionExpired();
        }
        // Anything else: the next reconnect refreshes what this call would have brought.
    }

    private void sessionExpired() {
        if (!stopped) {
            leave("Your session has ended. Please sign in again.");
        }
    }

    private void leave(String reason) {
        stop();
        onSignedOut.accept(reason);
    }

    public String me() {
        return me;
    }

    public ReadOnlyObjectProperty<ConnectionState> connectionProperty() {
        return connection.stateProperty();
    }

    public ReadOnlyStringProperty connectionTextProperty() {
        return connection.textProperty();
    }

    /** The connection banner's title: "Not connected", "Connecting…", "Updating…". */
    public ReadOnlyStringProperty connectionTitleProperty() {
        return connection.titleProperty();
    }

    /** Whether the connection banner shows (see {@link ConnectionStatus}). */
    public ReadOnlyBooleanProperty connectionBannerProperty() {
        return connection.bannerProperty();
    }

    /** The notices to show, newest first, at most one per chat. */
    public ObservableList<Notice> notices() {
        return noticesView;
    }

    /** Called once the session is over: with null after "Sign out", with the reason when the server ended it. */
    public void setOnSignedOut(Consumer<String> onSignedOut) {
        this.onSignedOut = onSignedOut;
    }
}
