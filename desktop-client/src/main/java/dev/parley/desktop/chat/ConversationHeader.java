package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The open chat's header: its name and, under it, who is typing, a group's member count, or whether the other person
 * is online or when they were last seen. It follows the open chat's properties until another chat opens. FX thread
 * only.
 */
final class ConversationHeader {

    private final Formats formats;
    private final Supplier<ChatItem> open;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper subtitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper typing = new ReadOnlyBooleanWrapper();
    private final InvalidationListener changed = obs -> refresh();

    /** {@code open} says which chat is open. */
    ConversationHeader(Formats formats, Supplier<ChatItem> open) {
        this.formats = formats;
        this.open = open;
    }

    /** Stops following {@code old} (either may be null) and follows {@code next}; {@link #refresh()} says it. */
    void follow(ChatItem old, ChatItem next) {
        if (old != null) {
            shown(old).forEach(said -> said.removeListener(changed));
        }
        if (next != null) {
            shown(next).forEach(said -> said.addListener(changed));
        }
    }

    /** What the header says of a chat. */
    private static List<Observable> shown(ChatItem chat) {
        return List.of(chat.peerOnlineProperty(), chat.peerLastSeenProperty(), chat.typingTextProperty(),
                chat.nameProperty(), chat.members(), chat.peerAboutProperty());
    }

    /** Says it again for the chat open now ("last seen" words are relative to today). */
    void refresh() {
        ChatItem chat = open.get();
        title.set(chat == null ? "" : chat.name());
        typing.set(chat != null && chat.typingProperty().get());
        if (chat == null) {
            subtitle.set("");
        } else if (chat.typingProperty().get()) {
            subtitle.set(chat.typingTextProperty().get());
        } else if (chat.group()) {
            int count = chat.members().size();
            subtitle.set(count == 1 ? "1 member" : count + " members");
        } else {
            // Presence as the server tells it, then the other person's About where they wrote one; never made up.
            String presence = chat.peerOnlineProperty().get() ? "online"
                    : formats.lastSeen(chat.peerLastSeenProperty().get());
            String about = chat.peerAboutProperty().get();
            subtitle.set(about == null ? presence : presence.isEmpty() ? about : presence + " · " + about);
        }
    }

    ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    ReadOnlyStringProperty subtitleProperty() {
        return subtitle.getReadOnlyProperty();
    }

    ReadOnlyBooleanProperty typingProperty() {
        return typing.getReadOnlyProperty();
    }
}
