package dev.parley.desktop.ui;

import javafx.scene.control.ContextMenu;
import javafx.stage.Window;
import javafx.stage.WindowEvent;

/**
 * Keeps a context menu inside the window it belongs to. JavaFX keeps popups on the screen only, so a menu opened on a
 * message at the right of a window that does not fill the screen (my own short messages) hung past the window's
 * edge; WhatsApp's menus open inside the app. Once shown, a menu that sticks out is moved back in, up or left.
 */
final class InsideWindow {

    private InsideWindow() {
    }

    static void keep(ContextMenu menu) {
        menu.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> fit(menu));
    }

    private static void fit(ContextMenu menu) {
        Window owner = menu.getOwnerWindow();
        if (owner == null) {
            return;
        }
        double right = owner.getX() + owner.getWidth();
        double bottom = owner.getY() + owner.getHeight();
        if (menu.getX() + menu.getWidth() > right) {
            menu.setX(Math.max(owner.getX(), right - menu.getWidth()));
        }
        if (menu.getY() + menu.getHeight() > bottom) {
            menu.setY(Math.max(owner.getY(), bottom - menu.getHeight()));
        }
    }
}
