package dev.parley.desktop.chat;

import dev.parley.desktop.common.Scheduler;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.ServerFrame;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/**
 * The signed-in window: every chat, the one that is open, the connection and the outbox. Applies every server frame
 * (the one switch over {@link ServerFrame}) and turns commands into frames and REST calls. FX thread only: network
 * callbacks hop over through {@code fx}.
 */
public final class MainViewModel {

    /** A message for a chat that is not in front of the user: shown as a toast and in the system tray. */
    public record Notice(ChatItem chat, String title, String text) {
    }

    static final int PAGE = 50;
    private static final int CATCH_UP_PAGE = 200;
    private static final Duration TYPING_SHOWN = Duration.ofSeconds(5);
    private static final Duration TYPING_RESEND = Duration.ofSeconds(3);

    private final String me;
    private final ChatApi api;
    private final ChatConnection socket;
    private final Executor fx;
    private final Scheduler scheduler;
    private final Clock clock;

    private final ObservableList<ChatItem> all = FXCollections.observableArrayList(
            c -> new Observable[] {c.lastActivityProperty(), c.unreadProperty()});
    private final Map<UUID, ChatItem> byRoom = new HashMap<>();
    private final FilteredList<ChatItem> filtered = new FilteredList<>(all);
    private final SortedList<ChatItem> visible = new SortedList<>(filtered,
            Comparator.comparing((ChatItem c) -> c.lastActivityProperty().get()).reversed());
    private final Outbox<MessageItem> outbox = new Outbox<>();
    private final Map<ChatItem, Scheduler.Cancellable> typingTimers = new HashMap<>();
    private final java.util.Set<ChatItem> loadingOlder = new java.util.HashSet<>();

    private final StringProperty filter = new SimpleStringProperty("");
    private final BooleanProperty windowFocused = new SimpleBooleanProperty(true);
    private final ReadOnlyObjectWrapper<ChatItem> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ConnectionState> connection =
            new ReadOnlyObjectWrapper<>(ConnectionState.CONNECTING);
    private final ReadOnlyStringWrapper connectionText = new ReadOnlyStringWrapper("Connecting…");
    private final ReadOnlyIntegerWrapper totalUnread = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Parley");

    private Consumer<Notice> onNotice = notice -> { };
    private Consumer<String> onSignedOut = reason -> { };
    private Scheduler.Cancellable countdown;
    private Instant lastTypingSent = Instant.EPOCH;
    private boolean stopped;

    public MainViewModel(String me, ChatApi api, ChatConnection socket, Executor fx, Scheduler scheduler,
                         Clock clock) {
        this.me = me;
        this.api = api;
        this.socket = socket;
        this.fx = fx;
        this.scheduler = scheduler;
        this.clock = clock;
        filter.addListener((obs, old, text) -> {
            String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(c -> needle.isEmpty() || c.peer().toLowerCase(Locale.ROOT).contains(needle));
        });
        all.addListener((javafx.collections.ListChangeListener<ChatItem>) change -> updateUnread());
        windowFocused.addListener((obs, was, focused) -> markReadIfShowing());
    }

    /** Loads the chats and opens the connection; frames are applied from here on. */
    public void start() {
        refreshRooms();
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

    // ---- commands ----

    /** Shows a chat: loads its newest page on first open and reads what is there. */
    public void open(ChatItem chat) {
        if (chat == null || chat == selected.get()) {
            return;
        }
        selected.set(chat);
        if (!chat.loaded()) {
            chat.startLoading();
            api.messagesBefore(chat.roomUuid(), null, PAGE).whenComplete((page, failure) -> fx.execute(() -> {
                if (failure == null) {
                    chat.addHistory(page, me);
                    markReadIfShowing();
                } else {
                    failed(failure);
                }
            }));
        }
        markReadIfShowing();
    }

    /** Opens a chat known only from the server's answer (a new chat with someone). */
    public ChatItem openRoom(RoomView room) {
        ChatItem chat = upsert(room);
        open(chat);
        return chat;
    }

    public void selectNext() {
        move(1);
    }

    public void selectPrevious() {
        move(-1);
    }

    private void move(int step) {
        if (visible.isEmpty()) {
            return;
        }
        int at = visible.indexOf(selected.get());
        int next = at < 0 ? 0 : Math.clamp(at + step, 0, visible.size() - 1);
        open(visible.get(next));
    }

    /** Writes a message into the open chat: shown at once with a clock, sent now or when the connection is back. */
    public void send(String text) {
        ChatItem chat = selected.get();
        String content = text == null ? "" : text.strip();
        if (chat == null || content.isEmpty()) {
            return;
        }
        String clientId = "d-" + UUID.randomUUID();
        MessageItem item = MessageItem.pending(me, content, clientId, clock.instant());
        chat.addPending(item);
        ClientFrame.Send frame = outbox.add(chat.roomUuid(), content, clientId, item);
        if (connection.get() == ConnectionState.ONLINE) {
            socket.send(frame);
        }
    }

    /** The user typed in the open chat: tells the other member, at most every few seconds. */
    public void typed() {
        ChatItem chat = selected.get();
        Instant now = clock.instant();
        if (chat != null && connection.get() == ConnectionState.ONLINE
                && Duration.between(lastTypingSent, now).compareTo(TYPING_RESEND) >= 0) {
            lastTypingSent = now;
            socket.send(new ClientFrame.Typing(chat.roomUuid()));
        }
    }

    /** Fetches the page before the oldest loaded message of the open chat. */
    public CompletableFuture<Void> loadOlder() {
        ChatItem chat = selected.get();
        if (chat == null || !chat.loaded() || !chat.hasOlderProperty().get() || !loadingOlder.add(chat)) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        api.messagesBefore(chat.roomUuid(), chat.oldestSeq(), PAGE).whenComplete((page, failure) -> fx.execute(() -> {
            loadingOlder.remove(chat);
            if (failure == null) {
                chat.addHistory(page, me);
            } else {
                failed(failure);
            }
            done.complete(null);
        }));
        return done;
    }

    public void reconnectNow() {
        socket.reconnectNow();
    }

    /** Ends the session on the server (best effort) and leaves. */
    public void signOut() {
        api.logout().whenComplete((ok, failure) -> fx.execute(() -> leave(null)));
    }

    /** Closes the connection; nothing is applied afterwards. */
    public void stop() {
        stopped = true;
        socket.close();
    }

    // ---- connection and frames ----

    private void connected() {
        if (stopped) {
            return;
        }
        cancelCountdown();
        connection.set(ConnectionState.SYNCING);
        connectionText.set("Connecting…");
        // The server holds live messages until this first frame, then merges them with the replay.
        Map<UUID, Long> since = new HashMap<>();
        all.forEach(c -> since.put(c.roomUuid(), c.lastSeq()));
        socket.send(new ClientFrame.Sync(since));
        refreshRooms(); // rooms, presence and receipts that changed while this client was away
    }

    private void disconnected(String reason, Duration retryIn) {
        if (stopped) {
            return;
        }
        connection.set(ConnectionState.OFFLINE);
        long seconds = Math.max(1, Math.round(retryIn.toMillis() / 1000.0));
        connectionText.set(reason + ". Reconnecting in " + seconds + " s…");
        all.forEach(c -> c.typing(false));
        cancelCountdown();
        countdown = scheduler.schedule(retryIn, () -> {
            if (connection.get() == ConnectionState.OFFLINE) {
                connection.set(ConnectionState.CONNECTING);
                connectionText.set("Connecting…");
            }
        });
    }

    /** Applies one server frame. */
    void apply(ServerFrame frame) {
        if (stopped) {
            return;
        }
        switch (frame) {
            case ServerFrame.Ack ack -> settle(ack.clientId(), ack.message(), false);
            case ServerFrame.Message m -> settle(m.message().clientId(), m.message(),
                    connection.get() == ConnectionState.ONLINE);
            case ServerFrame.Typing t -> typing(t);
            case ServerFrame.Receipt r -> receipt(r);
            case ServerFrame.Presence p -> all.stream().filter(c -> c.peer().equals(p.user()))
                    .forEach(c -> c.presence(p.online(), p.lastSeen()));
            case ServerFrame.Room r -> upsert(r.room());
            case ServerFrame.Synced s -> synced(s.hasMore());
            case ServerFrame.Pong p -> { }
            case ServerFrame.Error e -> refused(e);
        }
    }

    private void synced(List<UUID> hasMore) {
        connection.set(ConnectionState.ONLINE);
        connectionText.set("");
        outbox.frames().forEach(socket::send);
        hasMore.forEach(this::catchUp);
        markReadIfShowing();
    }

    /** A room had more missed messages than a sync replays: page the rest via REST. */
    private void catchUp(UUID room) {
        ChatItem chat = byRoom.get(room);
        if (chat == null) {
            return;
        }
        api.messagesAfter(room, chat.lastSeq(), CATCH_UP_PAGE).whenComplete((page, failure) -> fx.execute(() -> {
            if (failure != null) {
                failed(failure);
                return;
            }
            page.forEach(m -> settle(m.clientId(), m, false));
            if (page.size() == CATCH_UP_PAGE) {
                catchUp(room);
            }
        }));
    }

    /**
     * One stored message, however it came: an ack, a live or replayed message, a catch-up page. If it is mine and
     * still in the outbox (also when its ack was lost with the connection) it settles the pending copy; otherwise it
     * is added to its chat, where a copy already there is not added twice.
     */
    private void settle(String clientId, MessageView message, boolean live) {
        ChatItem chat = byRoom.get(message.roomUuid());
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
        boolean newer = chat.addStored(message, mine);
        if (!newer || mine) {
            return;
        }
        chat.typing(false);
        if (isShowing(chat)) {
            markReadIfShowing();
        } else {
            chat.countUnread();
            if (live) {
                onNotice.accept(new Notice(chat, message.user(), message.content()));
            }
        }
    }

    private void typing(ServerFrame.Typing frame) {
        ChatItem chat = byRoom.get(frame.roomUuid());
        if (chat == null || frame.user().equals(me)) {
            return;
        }
        chat.typing(true);
        Scheduler.Cancellable previous = typingTimers.remove(chat);
        if (previous != null) {
            previous.cancel();
        }
        typingTimers.put(chat, scheduler.schedule(TYPING_SHOWN, () -> {
            typingTimers.remove(chat);
            chat.typing(false);
        }));
    }

    private void receipt(ServerFrame.Receipt receipt) {
        ChatItem chat = byRoom.get(receipt.roomUuid());
        if (chat == null) {
            return;
        }
        boolean read = receipt.kind() == ServerFrame.ReceiptKind.READ;
        if (!receipt.user().equals(me)) {
            chat.peerReceipt(read, receipt.seq());
        } else if (read) {
            chat.myRead(receipt.seq()); // read on another of my devices
        }
    }

    private void refused(ServerFrame.Error error) {
        if (outbox.frame(error.clientId()).isEmpty()) {
            return;
        }
        if (Outbox.isTransient(error.code())) {
            // Try the same client id again shortly, unless it was settled meanwhile.
            scheduler.schedule(Duration.ofSeconds(2), () -> outbox.frame(error.clientId())
                    .filter(frame -> connection.get() == ConnectionState.ONLINE)
                    .ifPresent(socket::send));
            return;
        }
        outbox.settle(error.clientId()).ifPresent(failed -> failed.owner().fail());
    }

    // ---- rooms and reading ----

    private void refreshRooms() {
        api.rooms().whenComplete((rooms, failure) -> fx.execute(() -> {
            if (failure == null) {
                rooms.forEach(this::upsert);
                markReadIfShowing();
            } else {
                failed(failure);
            }
        }));
    }

    private ChatItem upsert(RoomView room) {
        ChatItem chat = byRoom.get(room.roomUuid());
        if (chat == null) {
            chat = ChatItem.of(room, me);
            byRoom.put(room.roomUuid(), chat);
            all.add(chat);
        } else {
            chat.update(room, me);
        }
        return chat;
    }

    private boolean isShowing(ChatItem chat) {
        return chat == selected.get() && windowFocused.get();
    }

    /** Read receipts only for the chat in front of a focused window. */
    private void markReadIfShowing() {
        ChatItem chat = selected.get();
        if (chat == null || !windowFocused.get()) {
            return;
        }
        chat.clearUnread();
        if (connection.get() == ConnectionState.ONLINE && chat.lastSeq() > chat.myReadSeq()) {
            socket.send(new ClientFrame.Read(chat.roomUuid(), chat.lastSeq()));
            chat.myRead(chat.lastSeq());
        }
    }

    private void updateUnread() {
        int total = all.stream().mapToInt(ChatItem::unread).sum();
        totalUnread.set(total);
        title.set(total > 0 ? "(" + total + ") Parley" : "Parley");
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

    private void cancelCountdown() {
        if (countdown != null) {
            countdown.cancel();
            countdown = null;
        }
    }

    // ---- properties ----

    public String me() {
        return me;
    }

    /** The chats to list: filtered, most recent activity first. */
    public ObservableList<ChatItem> chats() {
        return visible;
    }

    /** Every chat, unfiltered and unsorted. */
    public List<ChatItem> allChats() {
        return List.copyOf(all);
    }

    public int outboxSize() {
        return outbox.size();
    }

    public StringProperty filterProperty() {
        return filter;
    }

    public BooleanProperty windowFocusedProperty() {
        return windowFocused;
    }

    public ReadOnlyObjectProperty<ChatItem> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ConnectionState> connectionProperty() {
        return connection.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty connectionTextProperty() {
        return connectionText.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty totalUnreadProperty() {
        return totalUnread.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ChatApi api() {
        return api;
    }

    public Executor fx() {
        return fx;
    }

    public void setOnNotice(Consumer<Notice> onNotice) {
        this.onNotice = onNotice;
    }

    /** Called once the session is over: with null after "Sign out", with the reason when the server ended it. */
    public void setOnSignedOut(Consumer<String> onSignedOut) {
        this.onSignedOut = onSignedOut;
    }
}
