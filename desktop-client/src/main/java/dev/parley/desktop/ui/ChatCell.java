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
 * its name's initials), name, time, tick + preview ("bob: …" for someone else's message in a group, who is typing,
 * or "Draft: …" while I left unsent text in it, as the web client shows them), the muted and pinned marks, unread
 * badge (grey when muted, a dot when marked unread). Pseudo-classes {@code unread}, {@code typing}, {@code draft},
 * {@code muted} and {@code marked} drive the styling.
 */
public final class ChatCell extends ListCell<ChatItem> {

    private static final PseudoClass UNREAD = PseudoClass.getPseudoClass("unread");
    private static final PseudoClass TYPING = PseudoClass.getPseudoClass("typing");
    private static final PseudoClass DRAFT = PseudoClass.getPseudoClass("draft");
    private static final PseudoClass MUTED = PseudoClass.getPseudoClass("muted");
    private static final PseudoClass MARKED = PseudoClass.getPseudoClass("marked");
    private static final String PIN_ICON = "M16 12V4h1V2H7v2h1v8l-2 2v2h5.2v6h1.6v-6H18v-2l-2-2z";
    private static final String MUTED_ICON = "M16.5 12A4.5 4.5 0 0 0 14 7.97v2.21l2.45 2.45c.03-.2.05-.41.05-.63zm2.5 0"
            + "c0 .94-.2 1.82-.54 2.64l1.51 1.51A8.8 8.8 0 0 0 21 12c0-4.28-2.99-7.86-7-8.77v2.06c2.89.86 5 3.54 5 6.71z"
            + "M4.27 3 3 4.27 7.73 9H3v6h4l5 5v-6.73l4.25 4.25c-.67.52-1.42.93-2.25 1.18v2.06a8.99 8.99 0 0 0 3.69-1.81"
            + "L19.73 21 21 19.73l-9-9L4.27 3zM12 4 9.91 6.09 12 8.18V4z";

    private final Formats formats;
    private final Avatar avatar = new Avatar(24);
    private final Label name = new Label();
    private final Label time = new Label();
    private final TickMark tick = new TickMark();
    private final Label preview = new Label();
    private final Label draftLabel = new Label("Draft:");
    private final Label badge = new Label();
    private final Label mutedMark = mark("muted-mark", MUTED_ICON);
    private final Label pinnedMark = mark("pinned-mark", PIN_ICON);
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
        draftLabel.getStyleClass().add("draft-label");
        draftLabel.setMinWidth(Region.USE_PREF_SIZE);
        badge.getStyleClass().add("unread-badge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        time.setMinWidth(Region.USE_PREF_SIZE);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox top = new HBox(6, name, gap, time);
        top.setAlignment(Pos.BASELINE_LEFT);
        HBox.setHgrow(preview, Priority.ALWAYS);
        preview.setMaxWidth(Double.MAX_VALUE);
        HBox bottom = new HBox(3, tick, preview, mutedMark, pinnedMark, badge);
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

    private static Label mark(String styleClass, String icon) {
        javafx.scene.shape.SVGPath path = new javafx.scene.shape.SVGPath();
        path.setContent(icon);
        path.getStyleClass().add("icon");
        Label label = new Label(null, path);
        label.getStyleClass().addAll("chat-mark", styleClass);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
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
                chat.lastMessageProperty(), chat.lastActivityProperty(), chat.nameProperty(), chat.pinnedProperty(),
                chat.mutedUntilProperty(), chat.markedUnreadProperty(), chat.namesChangedProperty(), chat.draftProperty()};
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
        String draft = chat.draftProperty().get();
        boolean drafted = !typing && !draft.isEmpty(); // who is typing wins over my draft, as on the web
        pseudoClassStateChanged(TYPING, typing);
        pseudoClassStateChanged(DRAFT, drafted);
        preview.setGraphic(drafted ? draftLabel : null);
        if (typing) {
            preview.setText(chat.typingTextProperty().get());
            tick.show(null);
        } else if (drafted) {
            preview.setText(draft.strip().replace('\n', ' '));
            tick.show(null);
        } else {
            preview.setText(last == null ? "" : preview(chat, last));
            tick.show(last == null ? null : last.shownTick()); // the clock while an action on it waits
        }
        int unread = chat.unread();
        boolean muted = chat.muted(java.time.Instant.now());
        boolean marked = unread == 0 && chat.markedUnread();
        pseudoClassStateChanged(UNREAD, (unread > 0 || marked) && !muted);
        pseudoClassStateChanged(MUTED, muted);
        pseudoClassStateChanged(MARKED, marked);
        badge.setText(marked ? "" : unread > 99 ? "99+" : Integer.toString(unread));
        badge.setVisible(unread > 0 || marked);
        badge.setManaged(unread > 0 || marked);
        mutedMark.setVisible(muted);
        mutedMark.setManaged(muted);
        pinnedMark.setVisible(chat.pinned());
        pinnedMark.setManaged(chat.pinned());
    }

    /** The last message on one line; in a group someone else's says whose it is, as WhatsApp does. */
    private static String preview(ChatItem chat, MessageItem last) {
        String text = last.shownText(chat::shownName, true).replace('\n', ' ');
        return chat.group() && !last.mine() && !last.event() ? chat.shownName(last.sender()) + ": " + text : text;
    }
}
