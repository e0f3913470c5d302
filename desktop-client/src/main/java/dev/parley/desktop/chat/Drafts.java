package dev.parley.desktop.chat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The unsent text of each chat, read from a {@link DraftStore} once and written back to it when asked; blank text is
 * no draft. Each listed chat shows its draft ({@link ChatItem#draftProperty}) while it is not the open one. FX thread
 * only.
 */
final class Drafts {

    private final Map<UUID, String> byRoom = new HashMap<>();
    private final Map<UUID, ChatItem> listed = new HashMap<>();
    private final DraftStore store;

    Drafts(DraftStore store) {
        this.store = store;
        byRoom.putAll(store.load());
    }

    /** The draft of {@code chat}, empty when it has none. */
    String of(ChatItem chat) {
        return byRoom.getOrDefault(chat.roomUuid(), "");
    }

    /** Has the chat list show {@code chat}'s draft, or none while it is {@code open}. */
    void show(ChatItem chat, boolean open) {
        listed.put(chat.roomUuid(), chat);
        chat.showDraft(open ? "" : of(chat));
    }

    void put(ChatItem chat, String text) {
        if (text == null || text.isBlank()) {
            byRoom.remove(chat.roomUuid());
        } else {
            byRoom.put(chat.roomUuid(), text);
        }
    }

    void save() {
        store.save(Map.copyOf(byRoom));
    }

    /** Drops every draft, the kept ones included. */
    void forget() {
        byRoom.clear();
        listed.values().forEach(chat -> chat.showDraft(""));
        store.save(Map.of());
    }
}
