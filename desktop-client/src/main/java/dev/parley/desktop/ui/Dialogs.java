package dev.parley.desktop.ui;

import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;

/** Dialogs that look like the window they belong to: its stylesheet and its theme (light or dark). */
final class Dialogs {

    private Dialogs() {
    }

    /** Owned by {@code owner}'s window, styled like it. */
    static void style(Dialog<?> dialog, Node owner) {
        Scene scene = owner.getScene();
        dialog.initOwner(scene.getWindow());
        DialogPane pane = dialog.getDialogPane();
        pane.getStylesheets().setAll(scene.getStylesheets());
        pane.getStyleClass().add("confirm-dialog");
        if (scene.getRoot().getStyleClass().contains("dark")) {
            pane.getStyleClass().add("dark");
        }
    }

    /**
     * Asks "{@code question}" with Cancel and {@code action} (Esc cancels, Enter confirms); true when confirmed. Every
     * question asked here is about a destructive step (remove someone, exit a group), so the action button is red, as
     * the web client's are.
     */
    static boolean confirm(Node owner, String title, String question, String text, String action) {
        ButtonType confirm = new ButtonType(action, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.NONE, text, ButtonType.CANCEL, confirm);
        alert.setTitle(title);
        alert.setHeaderText(question);
        if (text.isEmpty()) {
            alert.setContentText(null);
        }
        style(alert, owner);
        alert.getDialogPane().getStyleClass().add("danger");
        return alert.showAndWait().filter(confirm::equals).isPresent();
    }
}
