package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import java.util.HashMap;
import java.util.Map;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The open conversation: header (name, online / typing… / last seen) and composer (a draft per chat).
 * FX thread only; the messages themselves are the open {@link ChatItem}'s.
 */
public final class ConversationViewModel {

    private final MainViewModel main;
    private final Formats formats;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper subtitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper typing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canSend = new ReadOnlyBooleanWrapper();
    private final StringProperty draft = new SimpleStringProperty("");
    private final Map<ChatItem, String> drafts = new HashMap<>();
    private final InvalidationListener headerListener = obs -> refreshHeader();
    private boolean restoringDraft;

    public ConversationViewModel(MainViewModel main, Formats formats) {
        this.main = main;
        this.formats = formats;
        main.selectedProperty().addListener((obs, old, chat) -> switchTo(old, chat));
        draft.addListener((obs, old, text) -> {
            canSend.set(text != null && !text.isBlank());
            if (!restoringDraft && text != null && !text.isEmpty()) {
                main.typed();
            }
        });
    }

    private void switchTo(ChatItem old, ChatItem chat) {
        if (old != null) {
            drafts.put(old, draft.get());
            old.peerOnlineProperty().removeListener(headerListener);
            old.peerLastSeenProperty().removeListener(headerListener);
            old.typingProperty().removeListener(headerListener);
        }
        if (chat != null) {
            chat.peerOnlineProperty().addListener(headerListener);
            chat.peerLastSeenProperty().addListener(headerListener);
            chat.typingProperty().addListener(headerListener);
        }
        restoringDraft = true;
        draft.set(chat == null ? "" : drafts.getOrDefault(chat, ""));
        restoringDraft = false;
        refreshHeader();
    }

    /** Call again every minute or so: "last seen" words are relative to today. */
    public void refreshHeader() {
        ChatItem chat = main.selectedProperty().get();
        title.set(chat == null ? "" : chat.peer());
        typing.set(chat != null && chat.typingProperty().get());
        if (chat == null) {
            subtitle.set("");
        } else if (chat.typingProperty().get()) {
            subtitle.set("typing…");
        } else if (chat.peerOnlineProperty().get()) {
            subtitle.set("online");
        } else {
            subtitle.set(formats.lastSeen(chat.peerLastSeenProperty().get()));
        }
    }

    /** Sends the draft (Enter) and empties the composer. */
    public void send() {
        if (canSend.get()) {
            main.send(draft.get());
            draft.set("");
        }
    }

    public void loadOlder() {
        main.loadOlder();
    }

    public ReadOnlyObjectProperty<ChatItem> chatProperty() {
        return main.selectedProperty();
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

    public ReadOnlyBooleanProperty canSendProperty() {
        return canSend.getReadOnlyProperty();
    }

    /** The composer's text: the one writable input. */
    public StringProperty draftProperty() {
        return draft;
    }
}
