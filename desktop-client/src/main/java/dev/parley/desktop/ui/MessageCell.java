package dev.parley.desktop.ui;

import dev.parley.desktop.chat.AttachmentText;
import dev.parley.desktop.chat.ConversationViewModel;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.chat.Tick;
import dev.parley.desktop.chat.UnreadMark;
import dev.parley.desktop.common.Formats;
import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.MessageView;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.WeakInvalidationListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.geometry.Side;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * One message bubble, built once and refilled in {@link #updateItem}: a day separator when the day changes, then
 * the {@link Bubble} (mine right, theirs left) with the quote of the message it answers (a click jumps to it),
 * "edited", its time and ticks at the end of the text (a long text folded behind "Read more" until expanded), and its
 * reactions as chips under it (the tooltip says who; a click on mine takes it back, on another makes it mine); or for a membership event a centred system line. In a group
 * the first bubble of someone else's run names them in their colour. Right-click (and from the keyboard,
 * {@link #showMenu}) opens the message's menu with what the ViewModel allows now: Reply, React, Edit, Delete for
 * everyone, Message info, and for its photos and files Open photo and Save as….
 * Pseudo-classes {@code mine}, {@code theirs}, {@code pending}, {@code first} (the first of a
 * run from one sender, which gets the bubble's tail corner), {@code deleted} and {@code highlighted} (just jumped to).
 */
public final class MessageCell extends ListCell<MessageItem> {

    private static final PseudoClass MINE = PseudoClass.getPseudoClass("mine");
    private static final PseudoClass THEIRS = PseudoClass.getPseudoClass("theirs");
    private static final PseudoClass PENDING = PseudoClass.getPseudoClass("pending");
    private static final PseudoClass FIRST = PseudoClass.getPseudoClass("first");
    private static final PseudoClass DELETED = PseudoClass.getPseudoClass("deleted");
    private static final PseudoClass HIGHLIGHTED = PseudoClass.getPseudoClass("highlighted");
    private static final PseudoClass CHOSEN = PseudoClass.getPseudoClass("chosen");

    private final Formats formats;
    private final Label day = new Label();
    private final HBox dayRow = new HBox(day);
    private final Label unread = new Label();
    private final HBox unreadRow = new HBox(unread);
    private final ConversationViewModel conversation;
    private final Label system = new Label();
    private final HBox systemRow = new HBox(system);
    private final ContextMenu menu = new ContextMenu();
    private final MenuItem replyItem = new MenuItem("Reply");
    private final Menu reactMenu = new Menu("React");
    private final MenuItem editItem = new MenuItem("Edit");
    private final MenuItem deleteItem = new MenuItem("Delete for everyone");
    private final MenuItem infoItem = new MenuItem("Message info");
    private final Label quoteName = new Label();
    private final Label quoteText = new Label();
    private final VBox quote = new VBox(quoteName, quoteText);
    private String quoteColour;
    private final Label edited = new Label("Edited"); // the web's word: one vocabulary
    private final HBox reactions = new HBox(4);
    private final Label time = new Label();
    private final TickMark tick = new TickMark();
    private final Label failure = new Label();
    private final Bubble bubble;
    private final VBox column;
    private final HBox row;
    private final VBox root;
    private final InvalidationListener refresh = obs -> refresh();
    private final InvalidationListener highlight = obs -> showHighlight();
    private final InvalidationListener resized = obs -> sizeBubble();
    private final MessageCommands commands;
    private final AttachmentsPane media;
    private final List<MenuItem> fileItems = new java.util.ArrayList<>();
    private MessageItem bound;

    /** {@code openLink} opens a link from a message (in the system browser). */
    MessageCell(Formats formats, ConversationViewModel conversation, Consumer<String> openLink,
                MessageCommands commands, ImageCache thumbnails) {
        this.formats = formats;
        this.conversation = conversation;
        this.commands = commands;
        buildMenu();
        InsideWindow.keep(menu);
        system.getStyleClass().add("system-line");
        system.setWrapText(true);
        systemRow.setAlignment(Pos.CENTER);
        systemRow.getStyleClass().add("system-row");
        getStyleClass().add("message-cell");
        day.getStyleClass().add("day-separator");
        dayRow.setAlignment(Pos.CENTER);
        dayRow.getStyleClass().add("day-row");
        time.getStyleClass().add("bubble-time");
        edited.getStyleClass().addAll("bubble-time", "edited-label");
        HBox meta = new HBox(3, edited, time, tick);
        meta.setAlignment(Pos.CENTER_RIGHT);
        meta.getStyleClass().add("bubble-meta");
        quote.getStyleClass().add("bubble-quote");
        quoteName.getStyleClass().add("quote-name");
        quoteText.getStyleClass().add("quote-text");
        quoteName.setMinWidth(0);
        quoteText.setMinWidth(0);
        quote.setOnMouseClicked(e -> {
            MessageView.Quote shown = bound == null ? null : bound.quote();
            if (shown != null && e.getClickCount() == 1) {
                commands.jumpTo(shown.seq());
                e.consume();
            }
        });
        media = new AttachmentsPane(thumbnails, commands::openPhoto, commands::saveAs, commands::download);
        bubble = new Bubble(meta, quote, media, openLink);
        bubble.setOnReadMore(() -> {
            if (bound != null) {
                commands.readMore(bound);
            }
        });
        reactions.getStyleClass().add("reactions");
        failure.getStyleClass().add("failure-reason");
        failure.setWrapText(true);
        // Under the bubble it is about, on the bubble's side (mine right, theirs left), as wide as bubbles may be.
        column = new VBox(bubble, reactions, failure);
        column.setFillWidth(false);
        column.getStyleClass().add("bubble-column");
        row = new HBox(column);
        row.getStyleClass().add("bubble-row");
        unreadRow.setAlignment(Pos.CENTER);
        unreadRow.getStyleClass().add("unread-row");
        unread.getStyleClass().add("unread-label");
        root = new VBox(dayRow, unreadRow, systemRow, row);
        root.setMinWidth(0);
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        setPrefWidth(0);
        // Each cell follows the highlight itself: a cell whose index and message stay the same is not refilled, so a
        // list refresh could leave the message that was just opened unhighlighted (a page loaded before it showed).
        conversation.highlightedProperty().addListener(new WeakInvalidationListener(highlight));
        listViewProperty().addListener((obs, old, list) -> {
            if (old != null) {
                old.widthProperty().removeListener(resized);
            }
            if (list != null) {
                list.widthProperty().addListener(resized);
            }
        });
    }

    private void showHighlight() {
        pseudoClassStateChanged(HIGHLIGHTED, bound != null && !isEmpty()
                && conversation.highlightedProperty().get() == bound);
    }

    private void buildMenu() {
        replyItem.setOnAction(e -> commands.reply(bound));
        editItem.setOnAction(e -> commands.edit(bound));
        deleteItem.setOnAction(e -> commands.delete(bound));
        deleteItem.getStyleClass().add("danger-item");
        infoItem.setOnAction(e -> commands.info(bound));
        for (String emoji : conversation.reactionChoices()) {
            CheckMenuItem choice = new CheckMenuItem(emoji);
            choice.getStyleClass().add("reaction-choice");
            choice.setOnAction(e -> conversation.react(bound, emoji));
            reactMenu.getItems().add(choice);
        }
        menu.getItems().addAll(replyItem, reactMenu, editItem, deleteItem, new SeparatorMenuItem(), infoItem);
        // What is allowed changes with time (the edit window) and state: asked each time the menu opens.
        menu.setOnShowing(e -> refreshMenu());
    }

    private void refreshMenu() {
        MessageItem message = bound;
        if (message == null) {
            return;
        }
        replyItem.setVisible(conversation.canReply(message));
        reactMenu.setVisible(conversation.canReact(message));
        editItem.setVisible(conversation.canEdit(message));
        deleteItem.setVisible(conversation.canDelete(message));
        infoItem.setVisible(conversation.hasInfo(message));
        menu.getItems().removeAll(fileItems);
        fileItems.clear();
        menu.getItems().get(4).setVisible(infoItem.isVisible() && (replyItem.isVisible() || deleteItem.isVisible()));
        // From the keyboard too: open each photo, save each file (the bubble's buttons are for the mouse).
        for (AttachmentView attachment : message.attachments()) {
            boolean photo = AttachmentText.photo(attachment);
            MenuItem item = new MenuItem(photo ? "Open photo" : "Save “" + attachment.name() + "” as…");
            item.setOnAction(e -> {
                if (photo) {
                    commands.openPhoto(attachment);
                } else {
                    commands.saveAs(attachment);
                }
            });
            fileItems.add(item);
        }
        menu.getItems().addAll(0, fileItems);
        String mine = conversation.myReaction(message);
        reactMenu.getItems().forEach(item -> ((CheckMenuItem) item).setSelected(item.getText().equals(mine)));
    }

    /** Whether the menu would have anything in it now. */
    private boolean hasMenu(MessageItem message) {
        return conversation.canReply(message) || conversation.canDelete(message) || conversation.hasInfo(message)
                || !message.attachments().isEmpty();
    }

    private static Observable[] observables(MessageItem message) {
        return new Observable[] {message.tickProperty(), message.shownTickProperty(), message.createdAtProperty(),
                message.stateProperty(), message.failureProperty(), message.expandedProperty()};
    }

    @Override
    protected void updateItem(MessageItem message, boolean empty) {
        super.updateItem(message, empty);
        if (bound != message) {
            if (bound != null) {
                for (Observable o : observables(bound)) {
                    o.removeListener(refresh);
                }
            }
            bound = message;
            if (message != null) {
                for (Observable o : observables(message)) {
                    o.addListener(refresh);
                }
            }
        }
        if (empty || message == null) {
            showHighlight();
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
        // Upper case, as the web shows day separators and the unread divider (its CSS transforms them).
        day.setText(newDay ? formats.dayLabel(message.createdAt()).toUpperCase(Locale.ROOT) : "");
        dayRow.setVisible(newDay);
        dayRow.setManaged(newDay);
        UnreadMark mark = conversation.unreadMarkProperty().get();
        boolean firstUnread = mark != null && mark.startsAt(getListView().getItems(), index);
        unread.setText(firstUnread ? mark.label().toUpperCase(Locale.ROOT) : "");
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
        setContextMenu(!event && hasMenu(message) ? menu : null);
        showHighlight();
        if (event) {
            system.setText(message.eventLine(conversation::shownName));
            pseudoClassStateChanged(MINE, false);
            pseudoClassStateChanged(THEIRS, false);
            pseudoClassStateChanged(PENDING, false);
            pseudoClassStateChanged(FIRST, false);
            pseudoClassStateChanged(DELETED, false);
            return;
        }
        boolean named = group && first && !message.mine();
        bubble.setSender(named ? conversation.shownName(message.sender()) : null,
                named ? "sender-c" + Avatar.colourIndex(message.sender()) : null);
        bubble.setText(message.shownText(conversation::shownName, false), message.deleted(), message.expanded());
        media.show(message.attachments());
        showQuote(message.quote());
        edited.setVisible(message.edited() && !message.deleted());
        edited.setManaged(edited.isVisible());
        showReactions(message);
        sizeBubble();
        time.setText(formats.time(message.createdAt()));
        tick.show(message.shownTick()); // the clock while an action on it waits; a tombstone has no ticks
        boolean failed = !message.failure().isEmpty();
        // A refused send says so; a refused action's reason already says what did not happen.
        failure.setText(!failed ? "" : message.tick() == Tick.FAILED ? "Not sent. " + message.failure()
                : message.failure());
        failure.setVisible(failed);
        failure.setManaged(failed);
        row.setAlignment(message.mine() ? Pos.CENTER_RIGHT : Pos.CENTER_LEFT);
        column.setAlignment(message.mine() ? Pos.TOP_RIGHT : Pos.TOP_LEFT);
        pseudoClassStateChanged(MINE, message.mine());
        pseudoClassStateChanged(THEIRS, !message.mine());
        pseudoClassStateChanged(PENDING, message.pending());
        pseudoClassStateChanged(FIRST, first);
        pseudoClassStateChanged(DELETED, message.deleted());
    }

    /**
     * Bubbles take at most about two thirds of the conversation's width, as in WhatsApp: set on each refill and each
     * change of the list's width (a cell whose message stays the same is not refilled when the window is resized).
     */
    private void sizeBubble() {
        if (getListView() == null) {
            return;
        }
        double maxTextWidth = Math.max(160, getListView().getWidth() * 0.62);
        bubble.setMaxTextWidth(maxTextWidth);
        failure.setMaxWidth(maxTextWidth);
    }

    /** The quote of the message this one answers: who wrote it ("You" for me) and its text as it is now. */
    private void showQuote(MessageView.Quote shown) {
        bubble.showQuote(shown != null);
        if (shown == null) {
            return;
        }
        boolean mine = conversation.isMe(shown.user());
        quoteName.setText(mine ? "You" : conversation.shownName(shown.user()));
        String colour = mine ? "quote-you" : "sender-c" + Avatar.colourIndex(shown.user());
        if (!colour.equals(quoteColour)) {
            quoteName.getStyleClass().remove(quoteColour);
            quoteName.getStyleClass().add(colour);
            quoteColour = colour;
        }
        boolean missing = shown.deleted() || shown.content() == null;
        quoteText.setText(shown.deleted() ? MessageItem.DELETED : shown.content() == null ? "Message not available"
                : shown.content().replace('\n', ' '));
        quote.pseudoClassStateChanged(DELETED, missing);
    }

    /** One chip per emoji, with the count when more than one chose it; mine is marked. */
    private void showReactions(MessageItem message) {
        List<MessageView.Reaction> list = message.reactions();
        reactions.setVisible(!list.isEmpty());
        reactions.setManaged(!list.isEmpty());
        if (list.isEmpty()) {
            reactions.getChildren().clear();
            return;
        }
        reactions.getChildren().setAll(list.stream().map(r -> chip(message, r)).toList());
    }

    private Node chip(MessageItem message, MessageView.Reaction reaction) {
        Button chip = new Button(reaction.count() > 1 ? reaction.emoji() + " " + reaction.count() : reaction.emoji());
        chip.getStyleClass().add("reaction-chip");
        chip.setFocusTraversable(false);
        boolean mine = reaction.users().stream().anyMatch(conversation::isMe);
        chip.pseudoClassStateChanged(CHOSEN, mine);
        String who = reaction.users().stream().map(u -> conversation.isMe(u) ? "You" : conversation.shownName(u))
                .collect(Collectors.joining(", "));
        chip.setTooltip(new Tooltip(who + (mine ? "\nClick to remove" : "")));
        chip.setDisable(!conversation.canReact(message));
        chip.setOnAction(e -> conversation.toggleReaction(message, reaction.emoji()));
        return chip;
    }

    /** The context menu under the bubble, as the context-menu key or Shift+F10 asks for it; false when it has none. */
    boolean showMenu() {
        if (getContextMenu() == null || isEmpty()) {
            return false;
        }
        if (!menu.isShowing()) {
            menu.show(bubble, Side.BOTTOM, 0, 0);
            // Opened from the keyboard: its first entry takes the focus, so Enter chooses it (a click menu has none).
            if (menu.getSkin() != null && menu.getSkin().getNode().lookupAll(".menu-item").stream()
                    .filter(Node::isVisible).findFirst().orElse(null) instanceof Node first) {
                first.requestFocus();
            }
        }
        return true;
    }
}
