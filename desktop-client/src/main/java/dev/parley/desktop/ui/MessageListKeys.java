package dev.parley.desktop.ui;

import dev.parley.desktop.chat.MessageItem;
import java.util.function.Supplier;
import javafx.collections.ObservableList;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyEvent;

/**
 * The messages from the keyboard, entered with Shift+Tab from the composer: the list's focused row is the message the
 * keyboard is on (a ring shows it), starting at the lowest one in view; Up/Down and Home/End move it and scroll it
 * into view (Up on the first loads older ones, Down on the last newer ones where they stop short of the newest), the
 * context-menu key or Shift+F10 opens its menu, Enter shows the whole of a long message folded behind "Read more",
 * R replies to it, E edits it, Delete deletes it for everyone (each when allowed), Tab goes back to the composer. The list stays out of the focus traversal, so a click on a message
 * leaves the focus in the composer.
 */
final class MessageListKeys {

    private final ListView<MessageItem> list;
    private final Supplier<VirtualFlow<?>> flow;
    private final Runnable loadOlder;
    private final Runnable loadNewer;
    private final Runnable toComposer;
    private final MessageCommands commands;

    MessageListKeys(ListView<MessageItem> list, Supplier<VirtualFlow<?>> flow, Runnable loadOlder,
                    Runnable loadNewer, Runnable toComposer, MessageCommands commands) {
        this.list = list;
        this.flow = flow;
        this.loadOlder = loadOlder;
        this.loadNewer = loadNewer;
        this.toComposer = toComposer;
        this.commands = commands;
        list.addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        list.setOnContextMenuRequested(e -> {
            if (e.isKeyboardTrigger()) { // a platform that turns the context-menu key into this event itself
                showMenu();
                e.consume();
            }
        });
    }

    /** Puts the keyboard on the lowest message in view; false when there is none. */
    boolean enter() {
        ObservableList<MessageItem> items = list.getItems();
        if (items == null || items.isEmpty()) {
            return false;
        }
        IndexedCell<?> lowest = flow.get() == null ? null : flow.get().getLastVisibleCell();
        int last = items.size() - 1;
        int start = lowest == null || lowest.getIndex() < 0 ? last : Math.min(lowest.getIndex(), last);
        list.requestFocus();
        focus(start);
        return true;
    }

    /** The message the keyboard is on while the list has the focus; else null. */
    MessageItem focused() {
        return list.isFocused() ? list.getFocusModel().getFocusedItem() : null;
    }

    /** Puts the keyboard on {@code item} (a message jumped to); false when it is not in the list. */
    boolean focus(MessageItem item) {
        int index = list.getItems() == null ? -1 : list.getItems().indexOf(item);
        if (index < 0) {
            return false;
        }
        list.requestFocus();
        focus(index);
        return true;
    }

    private void focus(int index) {
        list.getFocusModel().focus(index);
        if (flow.get() != null) {
            flow.get().scrollTo(index);
        }
    }

    private void keyPressed(KeyEvent e) {
        ObservableList<MessageItem> items = list.getItems();
        if (items == null || items.isEmpty() || e.isAltDown() || e.isShortcutDown()) {
            return;
        }
        int focused = list.getFocusModel().getFocusedIndex();
        int last = items.size() - 1;
        switch (e.getCode()) {
            case UP -> {
                if (focused <= 0) {
                    loadOlder.run();
                }
                focus(Math.clamp(focused - 1, 0, last));
            }
            case DOWN -> {
                if (focused >= last) {
                    loadNewer.run(); // in a chat opened at an older message, the newer ones
                }
                focus(Math.clamp(focused + 1, 0, last));
            }
            case HOME -> focus(0);
            case END -> focus(last);
            case CONTEXT_MENU -> showMenu();
            case ENTER -> {
                MessageItem item = items.get(Math.clamp(focused, 0, last));
                if (!item.folded()) {
                    return;
                }
                commands.readMore(item);
            }
            case R -> commands.reply(items.get(Math.clamp(focused, 0, last)));
            case E -> commands.edit(items.get(Math.clamp(focused, 0, last)));
            case DELETE -> commands.delete(items.get(Math.clamp(focused, 0, last)));
            case F10 -> {
                if (!e.isShiftDown()) {
                    return;
                }
                showMenu();
            }
            case TAB -> {
                if (e.isShiftDown()) {
                    return; // on to the header, as Shift+Tab goes
                }
                toComposer.run();
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    /** The menu of the message the keyboard is on, under its bubble. */
    private void showMenu() {
        int focused = list.getFocusModel().getFocusedIndex();
        list.lookupAll(".message-cell").stream()
                .filter(n -> n instanceof MessageCell cell && cell.getIndex() == focused && cell.isVisible())
                .findFirst().ifPresent(cell -> ((MessageCell) cell).showMenu());
    }
}
