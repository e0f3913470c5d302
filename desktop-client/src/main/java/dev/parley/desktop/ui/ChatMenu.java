package dev.parley.desktop.ui;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ChatSettings;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.MenuItem;

/**
 * The menu items of my own settings of a chat (Pin, Mute for 8 hours / 1 week / always or Unmute, Archive, Mark as
 * unread or read, Clear chat), for the chat list's context menu and the conversation header's menu. Built for the chat
 * as it is when the menu opens; each item's id is {@code chat-action-<what>} for tests.
 */
final class ChatMenu {

    private ChatMenu() {
    }

    /** The items for {@code chat}; Clear chat asks first, in a dialog over {@code owner}. */
    static List<MenuItem> items(ChatItem chat, ChatSettings settings, Node owner) {
        List<MenuItem> items = new ArrayList<>();
        items.add(chat.pinned() ? item("unpin", "Unpin chat", () -> settings.pin(chat, false))
                : item("pin", "Pin chat", () -> settings.pin(chat, true)));
        if (settings.muted(chat)) {
            items.add(item("unmute", "Unmute notifications", () -> settings.unmute(chat)));
        } else {
            items.add(item("mute-8h", "Mute for 8 hours", () -> settings.mute(chat, ChatSettings.EIGHT_HOURS)));
            items.add(item("mute-week", "Mute for 1 week", () -> settings.mute(chat, ChatSettings.ONE_WEEK)));
            items.add(item("mute-always", "Mute always", () -> settings.mute(chat, null)));
        }
        items.add(chat.archived() ? item("unarchive", "Unarchive chat", () -> settings.archive(chat, false))
                : item("archive", "Archive chat", () -> settings.archive(chat, true)));
        items.add(chat.unread() > 0 || chat.markedUnread()
                ? item("read", "Mark as read", () -> settings.markRead(chat))
                : item("unread", "Mark as unread", () -> settings.markUnread(chat, true)));
        MenuItem clear = item("clear", "Clear chat", () -> {
            if (Dialogs.confirm(owner, "Clear chat", "Clear this chat?",
                    "Its messages disappear from this chat on all your devices. The others still have them.",
                    "Clear chat")) {
                settings.clear(chat);
            }
        });
        clear.getStyleClass().add("danger-item");
        items.add(clear);
        return items;
    }

    private static MenuItem item(String id, String text, Runnable action) {
        MenuItem item = new MenuItem(text);
        item.setId("chat-action-" + id);
        item.setOnAction(e -> action.run());
        return item;
    }
}
