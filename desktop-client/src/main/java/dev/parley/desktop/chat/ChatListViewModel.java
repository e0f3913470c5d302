package dev.parley.desktop.chat;

import dev.parley.protocol.RoomView;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
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
 * The chat list: one {@link ChatItem} per room, the ones the filter lets through with the most recent activity
 * first, the unread total and the window title that counts it. Moving through the list opens chats in the
 * conversation. FX thread only.
 */
public final class ChatListViewModel {

    private final String me;
    private final ConversationViewModel conversation;
    private final ObservableList<ChatItem> all = FXCollections.observableArrayList(
            c -> new Observable[] {c.lastActivityProperty(), c.unreadProperty()});
    private final Map<UUID, ChatItem> byRoom = new HashMap<>();
    private final FilteredList<ChatItem> filtered = new FilteredList<>(all);
    private final SortedList<ChatItem> visible = new SortedList<>(filtered,
            Comparator.comparing((ChatItem c) -> c.lastActivityProperty().get()).reversed());
    private final StringProperty filter = new SimpleStringProperty("");
    private final ReadOnlyIntegerWrapper totalUnread = new ReadOnlyIntegerWrapper();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Parley");

    public ChatListViewModel(String me, ConversationViewModel conversation) {
        this.me = me;
        this.conversation = conversation;
        filter.addListener((obs, old, text) -> {
            String needle = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
            filtered.setPredicate(c -> needle.isEmpty() || c.peer().toLowerCase(Locale.ROOT).contains(needle));
        });
        all.addListener((ListChangeListener<ChatItem>) change -> updateUnread());
    }

    /** Adds the chat of a room, or takes the server's newer view of one listed already. */
    ChatItem upsert(RoomView room) {
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

    /** The chat of a room, or null when this client has not heard of it yet. */
    ChatItem find(UUID room) {
        return byRoom.get(room);
    }

    /** Opens a chat known only from the server's answer (a new chat with someone). */
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

    private void move(int step) {
        if (visible.isEmpty()) {
            return;
        }
        int at = visible.indexOf(conversation.chatProperty().get());
        int next = at < 0 ? 0 : Math.clamp(at + step, 0, visible.size() - 1);
        conversation.open(visible.get(next));
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

    public ReadOnlyIntegerProperty totalUnreadProperty() {
        return totalUnread.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }
}
