package dev.parley.desktop.ui;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.common.Formats;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * One entry of the chat list, built once and refilled in {@link #updateItem}: avatar with online dot (a group's shows
 * its name's initials), name, time, tick + preview ("bob: …" for someone else's message in a group, or who is
 * typing), unread badge. Pseudo-classes {@code unread} and {@code typing} drive the styling.
 */
public final class ChatCell extends ListCell<ChatItem> {

    private static final PseudoClass UNREAD = PseudoClass.getPseudoClass("unread");
    private static final PseudoClass TYPING = PseudoClass.getPseudoClass("typing");

    private final Formats formats;
    private final Avatar avatar = new Avatar(24);
    private final Label name = new Label();
    private final Label time = new Label();
    private final TickMark tick = new TickMark();
    private final Label preview = new Label();
    private final Label badge = new Label();
    private final HBox root;
    private final InvalidationListener refresh = obs -> refresh();
    private ChatItem bound;
    private MessageItem boundLast;

    public ChatCell(Formats formats) {
        this.formats = formats;
        getStyleClass().add("chat-cell");
        name.getStyleClass().add("chat-name");
        time.getStyleClass().add("chat-time");
        preview.getStyleClass().add("chat-preview");
        badge.getStyleClass().add("unread-badge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        time.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(6, name, gap, time);
        top.setAlignment(Pos.BASELINE_LEFT);
        HBox.setHgrow(preview, Priority.ALWAYS);
        preview.setMaxWidth(Double.MAX_VALUE);
        HBox bottom = new HBox(3, tick, preview, badge);
        bottom.setAlignment(Pos.CENTER_LEFT);
        VBox text = new VBox(3, top, bottom);
        text.getStyleClass().add("chat-text");
        text.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(text, Priority.ALWAYS);
        text.setMinWidth(0);
        root = new HBox(12, avatar, text);
        root.setAlignment(Pos.CENTER_LEFT);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setPrefWidth(0); // never widen the list: long previews are cut with an ellipsis
    }

    @Override
    protected void updateItem(ChatItem chat, boolean empty) {
        super.updateItem(chat, empty);
        if (bound != chat) {
            unbind();
            bound = chat;
            if (chat != null) {
                for (Observable o : observables(chat)) {
                    o.addListener(refresh);
                }
            }
        }
        if (empty || chat == null) {
            setGraphic(null);
            return;
        }
        refresh();
        setGraphic(root);
    }

    private static Observable[] observables(ChatItem chat) {
        return new Observable[] {chat.peerOnlineProperty(), chat.typingTextProperty(), chat.unreadProperty(),
                chat.lastMessageProperty(), chat.lastActivityProperty(), chat.nameProperty(),
                chat.namesChangedProperty()};
    }

    private void unbind() {
        if (bound != null) {
            for (Observable o : observables(bound)) {
                o.removeListener(refresh);
            }
        }
        if (boundLast != null) {
            boundLast.shownTickProperty().removeListener(refresh);
            boundLast.stateProperty().removeListener(refresh);
            boundLast = null;
        }
    }

    private void refresh() {
        ChatItem chat = bound;
        if (chat == null) {
            return;
        }
        MessageItem last = chat.lastMessageProperty().get();
        if (last != boundLast) {
            if (boundLast != null) {
                boundLast.shownTickProperty().removeListener(refresh);
                boundLast.stateProperty().removeListener(refresh); // an edit or a delete changes the preview
            }
            boundLast = last;
            if (last != null) {
                last.shownTickProperty().addListener(refresh);
                last.stateProperty().addListener(refresh);
            }
        }
        if (chat.group()) {
            avatar.show(chat.name(), chat.roomUuid().toString(), false);
        } else {
            avatar.show(chat.name(), chat.peer(), chat.peerOnlineProperty().get()); // display name's initials
        }
        name.setText(chat.name());
        time.setText(last == null || last.createdAt() == null ? "" : formats.listTime(last.createdAt()));
        boolean typing = chat.typingProperty().get();
        pseudoClassStateChanged(TYPING, typing);
        if (typing) {
            preview.setText(chat.typingTextProperty().get());
            tick.show(null);
        } else {
            preview.setText(last == null ? "" : preview(chat, last));
            tick.show(last == null ? null : last.shownTick()); // the clock while an action on it waits
        }
        int unread = chat.unread();
        pseudoClassStateChanged(UNREAD, unread > 0);
        badge.setText(unread > 99 ? "99+" : Integer.toString(unread));
        badge.setVisible(unread > 0);
        badge.setManaged(unread > 0);
    }

    /** The last message on one line; in a group someone else's says whose it is, as WhatsApp does. */
    private static String preview(ChatItem chat, MessageItem last) {
        String text = (last.event() ? last.eventLine(chat::shownName) : last.previewText()).replace('\n', ' ');
        return chat.group() && !last.mine() && !last.event() ? chat.shownName(last.sender()) + ": " + text : text;
    }
}
