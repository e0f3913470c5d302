package dev.parley.desktop.ui;

import dev.parley.desktop.chat.ConversationViewModel;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.common.Formats;
import javafx.beans.InvalidationListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import java.util.function.Consumer;
import dev.parley.desktop.chat.UnreadMark;

/**
 * One message bubble, built once and refilled in {@link #updateItem}: a day separator when the day changes, then
 * the {@link Bubble} (mine right, theirs left) with its time and ticks at the end of the text, or for a membership
 * event a centred system line. In a group the first bubble of someone else's run names them in their colour, and
 * mine offer "Message info" on right-click (and from the keyboard, {@link #showMenu}). Pseudo-classes {@code mine},
 * {@code theirs}, {@code pending} and {@code first} (the first of a run from one sender, which gets the bubble's tail
 * corner).
 */
public final class MessageCell extends ListCell<MessageItem> {

    private static final PseudoClass MINE = PseudoClass.getPseudoClass("mine");
    private static final PseudoClass THEIRS = PseudoClass.getPseudoClass("theirs");
    private static final PseudoClass PENDING = PseudoClass.getPseudoClass("pending");
    private static final PseudoClass FIRST = PseudoClass.getPseudoClass("first");

    private final Formats formats;
    private final Label day = new Label();
    private final HBox dayRow = new HBox(day);
    private final Label unread = new Label();
    private final HBox unreadRow = new HBox(unread);
    private final ConversationViewModel conversation;
    private final Label system = new Label();
    private final HBox systemRow = new HBox(system);
    private final ContextMenu infoMenu = new ContextMenu();
    private final Label time = new Label();
    private final TickMark tick = new TickMark();
    private final Label failure = new Label();
    private final HBox failureRow = new HBox(failure);
    private final Bubble bubble;
    private final HBox row;
    private final VBox root;
    private final InvalidationListener refresh = obs -> refresh();
    private MessageItem bound;

    /**
     * {@code openLink} opens a link from a message (in the system browser); {@code showInfo} shows the message info
     * of one of mine in a group.
     */
    public MessageCell(Formats formats, ConversationViewModel conversation, Consumer<String> openLink,
                       Consumer<MessageItem> showInfo) {
        this.formats = formats;
        this.conversation = conversation;
        MenuItem info = new MenuItem("Message info");
        info.setOnAction(e -> showInfo.accept(bound));
        infoMenu.getItems().add(info);
        system.getStyleClass().add("system-line");
        system.setWrapText(true);
        systemRow.setAlignment(Pos.CENTER);
        systemRow.getStyleClass().add("system-row");
        getStyleClass().add("message-cell");
        day.getStyleClass().add("day-separator");
        dayRow.setAlignment(Pos.CENTER);
        dayRow.getStyleClass().add("day-row");
        time.getStyleClass().add("bubble-time");
        HBox meta = new HBox(3, time, tick);
        meta.setAlignment(Pos.CENTER_RIGHT);
        meta.getStyleClass().add("bubble-meta");
        bubble = new Bubble(meta, openLink);
        row = new HBox(bubble);
        row.getStyleClass().add("bubble-row");
        failure.getStyleClass().add("failure-reason");
        failure.setWrapText(true);
        failureRow.setAlignment(Pos.CENTER_RIGHT);
        failureRow.getStyleClass().add("failure-row");
        unreadRow.setAlignment(Pos.CENTER);
        unreadRow.getStyleClass().add("unread-row");
        unread.getStyleClass().add("unread-label");
        root = new VBox(dayRow, unreadRow, systemRow, row, failureRow);
        root.setMinWidth(0);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setPrefWidth(0);
    }

    @Override
    protected void updateItem(MessageItem message, boolean empty) {
        super.updateItem(message, empty);
        if (bound != message) {
            if (bound != null) {
                bound.tickProperty().removeListener(refresh);
                bound.createdAtProperty().removeListener(refresh);
            }
            bound = message;
            if (message != null) {
                message.tickProperty().addListener(refresh);
                message.createdAtProperty().addListener(refresh);
            }
        }
        if (empty || message == null) {
            setGraphic(null);
            return;
        }
        refresh();
        setGraphic(root);
    }

    private void refresh() {
        MessageItem message = bound;
        if (message == null || getListView() == null) {
            return;
        }
        int index = getIndex();
        MessageItem previous = index > 0 && index - 1 < getListView().getItems().size()
                ? getListView().getItems().get(index - 1) : null;
        boolean newDay = previous == null
                || !formats.day(previous.createdAt()).equals(formats.day(message.createdAt()));
        day.setText(newDay ? formats.dayLabel(message.createdAt()) : "");
        dayRow.setVisible(newDay);
        dayRow.setManaged(newDay);
        UnreadMark mark = conversation.unreadMarkProperty().get();
        boolean firstUnread = mark != null && mark.startsAt(getListView().getItems(), index);
        unread.setText(firstUnread ? mark.label() : "");
        unreadRow.setVisible(firstUnread);
        unreadRow.setManaged(firstUnread);
        boolean event = message.event();
        systemRow.setVisible(event);
        systemRow.setManaged(event);
        row.setVisible(!event);
        row.setManaged(!event);
        boolean group = conversation.groupProperty().get();
        boolean first = newDay || previous.event() || previous.mine() != message.mine()
                || group && !previous.sender().equals(message.sender());
        setContextMenu(conversation.hasInfo(message) ? infoMenu : null);
        if (event) {
            system.setText(message.content());
            failureRow.setVisible(false);
            failureRow.setManaged(false);
            pseudoClassStateChanged(MINE, false);
            pseudoClassStateChanged(THEIRS, false);
            pseudoClassStateChanged(PENDING, false);
            pseudoClassStateChanged(FIRST, false);
            return;
        }
        boolean named = group && first && !message.mine();
        bubble.setSender(named ? message.sender() : null,
                named ? "sender-c" + Avatar.colourIndex(message.sender()) : null);
        bubble.setText(message.content());
        // Bubbles take at most about two thirds of the conversation's width, as in WhatsApp.
        bubble.setMaxTextWidth(Math.max(160, getListView().getWidth() * 0.62));
        time.setText(formats.time(message.createdAt()));
        tick.show(message.tick());
        boolean failed = !message.failure().isEmpty();
        failure.setText(failed ? "Not sent. " + message.failure() : "");
        failureRow.setVisible(failed);
        failureRow.setManaged(failed);
        row.setAlignment(message.mine() ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        pseudoClassStateChanged(MINE, message.mine());
        pseudoClassStateChanged(THEIRS, !message.mine());
        pseudoClassStateChanged(PENDING, message.pending());
        pseudoClassStateChanged(FIRST, first);
    }

    /** The context menu under the bubble, as the context-menu key or Shift+F10 asks for it; false when it has none. */
    boolean showMenu() {
        if (getContextMenu() == null || isEmpty()) {
            return false;
        }
        if (!infoMenu.isShowing()) {
            infoMenu.show(bubble, Side.BOTTOM, 0, 0);
            // Opened from the keyboard: its first entry takes the focus, so Enter chooses it (a click menu has none).
            if (infoMenu.getSkin() != null && infoMenu.getSkin().getNode().lookup(".menu-item") instanceof Node first) {
                first.requestFocus();
            }
        }
        return true;
    }
}
