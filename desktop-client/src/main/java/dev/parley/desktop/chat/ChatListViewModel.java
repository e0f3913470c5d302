package dev.parley.desktop.chat;

import dev.parley.desktop.common.Scheduler;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.ServerFrame;
import dev.parley.protocol.UserView;
import java.text.Normalizer;
import java.time.Duration;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;

/**
 * The chat list: one {@link ChatItem} per room, the ones the filter lets through (by the chat's name or another
 * member's, ignoring case and accents) with the pinned ones first, then the most recent activity first; archived
 * chats only in their own list ({@link #showingArchivedProperty}, or found by a filter), the unread total and the window title that counts it, and what the server says about the other members
 * (presence, typing, receipts). Moving through the list opens chats in the conversation. FX thread only.
 */
public final class ChatListViewModel {

    private static final Duration TYPING_SHOWN = Duration.ofSeconds(5);
    /** What the server's user search can find: the start of a username (a-z, 0-9, '_', '.', '-', case-insensitive). */
    private static final Pattern NAME_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
    private static final Pattern ACCENTS = Pattern.compile("\\p{M}+");

    private final String me;
    private final ConversationViewModel conversation;
    private final Scheduler scheduler;
    /** One typist in one chat: each shows for a few seconds after their last typing frame. */
    private record Typist(ChatItem chat, String user) {
    }

    private final Map<Typist, Scheduler.Cancellable> typingTimers = new HashMap<>();
    private final ObservableList<ChatItem> all = FXCollections.observableArrayList(
            c -> new Observable[] {c.lastActivityProperty(), c.unreadProperty(), c.pinnedProperty(),
                c.archivedProperty()});
    private final Map<UUID, ChatItem> byRoom = new HashMap<>();
    private final FilteredList<ChatItem> filtered = new FilteredList<>(all);
    private final SortedList<ChatItem> visible = new SortedList<>(filtered,
            Comparator.comparing(ChatItem::pinned).reversed()
                    .thenComparing(Comparator.comparing((ChatItem c) -> c.lastActivityProperty().get()).reversed()));
    private final StringProperty filter = new SimpleStringProperty("");
    private final javafx.beans.property.BooleanProperty showingArchived =
            new javafx.beans.property.SimpleBooleanProperty();
    private final ReadOnlyIntegerWrapper archivedCount = new ReadOnlyIntegerWrapper();
    private final ReadOnlyIntegerWrapper totalUnread = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Parley");
    private final ReadOnlyStringWrapper noMatches = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper suggestedName = new ReadOnlyStringWrapper("");
    private boolean suggestsPerson;
    /** Asks the server who a filter could name; null until the session gives it one (no new chat is offered). */
    private PeopleSearch people;
    /** The filter the server was last asked about ("" for none): the list changes as messages arrive, it does not. */
    private String peopleQuery = "";
    private final List<Consumer<ServerFrame.Update>> updateWatchers = new ArrayList<>();

    public ChatListViewModel(String me, ConversationViewModel conversation, Scheduler scheduler) {
        this.me = me;
        this.conversation = conversation;
        this.scheduler = scheduler;
        filter.addListener((obs, old, text) -> refilter());
        showingArchived.addListener((obs, old, archived) -> refilter());
        refilter();
        all.addListener((ListChangeListener<ChatItem>) change -> {
            updateUnread();
            archivedCount.set((int) all.stream().filter(ChatItem::archived).count());
            if (archivedCount.get() == 0) {
                showingArchived.set(false); // the last one came back: nothing left to show there
            }
        });
        visible.addListener((ListChangeListener<ChatItem>) change -> updateNoMatches());
    }

    /** The chats of the list shown (archived or not); a filter finds archived chats too, as WhatsApp's search does. */
    private void refilter() {
        String text = filter.get();
        String needle = folded(text == null ? "" : text.strip());
        boolean archivedList = showingArchived.get();
        filtered.setPredicate(c -> needle.isEmpty() ? c.archived() == archivedList
                : (!archivedList || c.archived()) && matches(c, needle));
        updateNoMatches();
    }

    /** Whether the chat's name or one of the other members' names contains {@code needle} (folded). */
    private boolean matches(ChatItem chat, String needle) {
        return folded(chat.name()).contains(needle) || chat.members().stream()
                .anyMatch(m -> !m.username().equals(me) && folded(m.username()).contains(needle));
    }

    /** Lower case without accents: "Café" and "cafe" are the same to a filter. */
    private static String folded(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD);
        return ACCENTS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
    }

    /** Adds the chat of a room, or takes the server's newer view of one listed already. */
    public ChatItem upsert(RoomView room) {
        ChatItem chat = byRoom.get(room.roomUuid());
        if (chat == null) {
            chat = ChatItem.of(room, me);
            byRoom.put(room.roomUuid(), chat);
            conversation.showDraft(chat);
            all.add(chat);
        } else {
            chat.update(room);
        }
        return chat;
    }

    /** The chat of a room, or null when this client has not heard of it yet. */
    ChatItem find(UUID room) {
        return byRoom.get(room);
    }

    /**
     * A message action's update: the chat's loaded message, quotes and preview follow it (see
     * {@link ChatItem#addUpdate}), and so does whatever watches updates (the searches' results). Returns whether the
     * update is newer than anything the chat knew; false, too, for a chat this client has not heard of.
     */
    boolean updated(ServerFrame.Update update) {
        updateWatchers.forEach(watcher -> watcher.accept(update));
        ChatItem chat = byRoom.get(update.roomUuid());
        return chat != null && chat.addUpdate(update.seq(), update.message());
    }

    /** Runs {@code watcher} for every message action's update from now on. */
    void watchUpdates(Consumer<ServerFrame.Update> watcher) {
        updateWatchers.add(watcher);
    }

    /** Someone is typing: "typing…" shows for a few seconds unless they go on. */
    void typing(ServerFrame.Typing frame) {
        ChatItem chat = byRoom.get(frame.roomUuid());
        if (chat == null || frame.user().equals(me)) {
            return;
        }
        Typist typist = new Typist(chat, frame.user());
        chat.typing(typist.user(), true);
        Scheduler.Cancellable previous = typingTimers.remove(typist);
        if (previous != null) {
            previous.cancel();
        }
        typingTimers.put(typist, scheduler.schedule(TYPING_SHOWN, () -> {
            typingTimers.remove(typist);
            chat.typing(typist.user(), false);
        }));
    }

    /** A delivered or read watermark moved. */
    void receipt(ServerFrame.Receipt receipt) {
        ChatItem chat = byRoom.get(receipt.roomUuid());
        if (chat == null) {
            return;
        }
        boolean read = receipt.kind() == ServerFrame.ReceiptKind.READ;
        if (!receipt.user().equals(me)) {
            chat.memberReceipt(receipt.user(), read, receipt.seq());
        } else if (read) {
            chat.myRead(receipt.seq()); // read on another of my devices
        }
    }

    /** A group's ticks moved: every member has received and read that far. */
    void ticks(ServerFrame.Ticks ticks) {
        ChatItem chat = byRoom.get(ticks.roomUuid());
        if (chat != null) {
            chat.groupTicks(ticks.deliveredSeq(), ticks.readSeq());
        }
    }

    /** Someone came online or went: the direct chat with them, and every group they are in. */
    void presence(ServerFrame.Presence presence) {
        all.forEach(c -> c.presence(presence.user(), presence.online(), presence.lastSeen()));
    }

    /** Someone changed their profile: every chat they are in shows their new name. */
    void profile(ServerFrame.Profile profile) {
        all.forEach(c -> c.profile(profile.user(), profile.displayName(), profile.about()));
    }

    /** Opens a chat known only from the server's answer (a new chat with someone, or a new group). */
    public ChatItem openRoom(RoomView room) {
        ChatItem chat = upsert(room);
        conversation.open(chat);
        return chat;
    }

    public void selectNext() {
        move(1);
    }

    public void selectPrevious() {
        move(-1);
    }

    /** Opens the first listed chat unless the open one is listed (Enter); true when a listed chat is open. */
    public boolean openListed() {
        if (visible.isEmpty()) {
            return false;
        }
        if (!visible.contains(conversation.chatProperty().get())) {
            conversation.open(visible.getFirst());
        }
        return true;
    }

    private void move(int step) {
        if (visible.isEmpty()) {
            return;
        }
        int at = visible.indexOf(conversation.chatProperty().get());
        int next = at < 0 ? 0 : Math.clamp(at + step, 0, visible.size() - 1);
        conversation.open(visible.get(next));
    }

    /** Lets a filter that lists nothing offer a new chat with the people the server finds for it. */
    void findPeopleWith(PeopleSearch people) {
        this.people = people;
        updateNoMatches();
    }

    /**
     * A filter that lists nothing says so, and offers a new chat when the server finds someone whose username starts
     * with it (as the web's chat list offers the people it finds): named when it is one of them exactly or the only
     * one, else the filter (New chat then lists them all). A name nobody has gets no offer.
     */
    private void updateNoMatches() {
        String text = filter.get() == null ? "" : filter.get().strip();
        boolean none = !text.isEmpty() && visible.isEmpty();
        noMatches.set(none ? "No chats match \"" + text + "\"" : "");
        String query = none && people != null && NAME_PREFIX.matcher(text).matches() ? text : "";
        if (query.equals(peopleQuery)) {
            return;
        }
        peopleQuery = query;
        suggestsPerson = false;
        suggestedName.set("");
        if (query.isEmpty()) {
            return;
        }
        String prefix = query.toLowerCase(Locale.ROOT);
        people.search(query, (users, problem) -> {
            if (!query.equals(peopleQuery)) {
                return;
            }
            List<String> found = users.stream().map(UserView::username)
                    .filter(name -> !name.equals(me) && name.toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
            String exact = found.stream().filter(name -> name.equalsIgnoreCase(query)).findFirst().orElse(null);
            suggestsPerson = exact != null || found.size() == 1;
            suggestedName.set(exact != null ? exact : found.size() == 1 ? found.getFirst() : found.isEmpty() ? ""
                    : query);
        });
    }

    private void updateUnread() {
        int total = all.stream().mapToInt(ChatItem::unread).sum();
        totalUnread.set(total);
        title.set(total > 0 ? "(" + total + ") Parley" : "Parley");
    }

    /** The chats to list: filtered, most recent activity first. */
    public ObservableList<ChatItem> chats() {
        return visible;
    }

    /** Every chat, unfiltered and unsorted. */
    public List<ChatItem> allChats() {
        return List.copyOf(all);
    }

    public StringProperty filterProperty() {
        return filter;
    }

    /** Whether the list shows the archived chats (from the "Archived" entry) instead of the others. */
    public javafx.beans.property.BooleanProperty showingArchivedProperty() {
        return showingArchived;
    }

    /** How many chats are archived (the "Archived (N)" entry shows while there are any). */
    public ReadOnlyIntegerProperty archivedCountProperty() {
        return archivedCount.getReadOnlyProperty();
    }

    /** No chats match "xyz" while a filter lists nothing, else empty. */
    public ReadOnlyStringProperty noMatchesProperty() {
        return noMatches.getReadOnlyProperty();
    }

    /**
     * Who a new chat is offered with while nothing matches the filter: a registered user the server found for it, or
     * the filter when it found several; else empty.
     */
    /** Whether the new chat offered is with one person, named by {@link #suggestedNameProperty} (not the filter). */
    public boolean suggestsPerson() {
        return suggestsPerson;
    }

    public ReadOnlyStringProperty suggestedNameProperty() {
        return suggestedName.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty totalUnreadProperty() {
        return totalUnread.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }
}
