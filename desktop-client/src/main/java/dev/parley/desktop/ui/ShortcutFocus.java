package dev.parley.desktop.ui;

import javafx.scene.Node;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * Keeps the platform's input method from taking Ctrl+Alt+Shift+U. On Linux, GTK's and IBus's Ctrl+Shift+U starts
 * Unicode entry in whatever text input has focus: the U never reaches the app and a "u" is composed in the field. While
 * Ctrl+Alt+Shift are all held (never a character on their own: AltGr is a key of its own) the focus rests on a node
 * that takes no text, so the key comes through; it goes back to the text input, its selection as it was, once the
 * shortcut ran or a modifier is let go. FX thread only.
 */
final class ShortcutFocus {

    private final Node rest;
    private TextInputControl parked;
    private int anchor;
    private int caret;

    /** {@code rest}: where the focus waits (it takes no text). */
    ShortcutFocus(Node rest) {
        this.rest = rest;
    }

    /** A key went down with the focus on {@code focus}. */
    void pressed(KeyEvent e, Node focus, boolean altGraphDown) {
        // AltGr itself is never the shortcut's: on Windows it arrives as Ctrl plus AltGr, so Shift then AltGr (a
        // capital with a diacritic, e.g. Polish "Ą") holds all three while typing a character.
        if (parked == null && e.getCode().isModifierKey() && e.getCode() != KeyCode.ALT_GRAPH && e.isShortcutDown()
                && e.isAltDown() && e.isShiftDown() && !altGraphDown && focus instanceof TextInputControl input) {
            parked = input;
            anchor = input.getAnchor();
            caret = input.getCaretPosition();
            rest.requestFocus();
        }
    }

    /** Back to the text input the focus was taken from, if it was. */
    void restore() {
        if (parked != null) {
            TextInputControl input = parked;
            parked = null;
            input.requestFocus();
            input.selectRange(anchor, caret);
        }
    }
}
