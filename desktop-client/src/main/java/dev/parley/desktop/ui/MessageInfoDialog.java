package dev.parley.desktop.ui;

import dev.parley.desktop.chat.MessageInfoViewModel;
import dev.parley.desktop.chat.Tick;
import dev.parley.desktop.common.Formats;
import java.util.List;
import java.util.function.UnaryOperator;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import javafx.stage.Window;

/**
 * "Message info" of one of my messages in a group: the message, then who read it, who has it, and who does not yet,
 * as the server says now. Esc or Enter closes it.
 */
final class MessageInfoDialog {

    private static final double MAX_MEMBERS_HEIGHT = 420;

    private MessageInfoDialog() {
    }

    static void show(Node owner, MessageInfoViewModel viewModel, Formats formats) {
        // A wrapping label safe for right-to-left text (WrapSafeText).
        TextFlow quote = WrapSafeText.flow(viewModel.message().content(), "info-quote-text");
        quote.getStyleClass().add("info-quote");
        Label time = new Label(formats.dayLabel(viewModel.message().createdAt()) + ", "
                + formats.time(viewModel.message().createdAt()));
        time.getStyleClass().add("info-time");
        Label loading = new Label("Asking the server…");
        loading.getStyleClass().add("muted");
        loading.visibleProperty().bind(viewModel.loadingProperty());
        loading.managedProperty().bind(viewModel.loadingProperty());
        Label error = new Label();
        error.getStyleClass().add("form-error");
        error.textProperty().bind(viewModel.errorProperty());
        error.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        VBox members = new VBox(10,
                section("readBy", "Read by", Tick.READ, viewModel.readBy(), true, viewModel::shownName),
                section("deliveredTo", "Delivered to", Tick.DELIVERED, viewModel.deliveredTo(), true,
                        viewModel::shownName),
                section("waiting", "Not delivered yet", Tick.SENT, viewModel.waiting(), false, viewModel::shownName));
        ScrollPane scroll = new ScrollPane(members); // a large group scrolls rather than growing past the screen
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("info-members");
        VBox content = new VBox(10, new VBox(4, quote, time), loading, error, scroll);
        content.getStyleClass().add("message-info");
        content.setPrefWidth(360);

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Message info");
        dialog.setHeaderText("Message info");
        Dialogs.style(dialog, owner);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().setAll(ButtonType.CLOSE);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.CLOSE)).setDefaultButton(true);
        // The members arrive after the dialog shows, and a window keeps the size it opened with: it grows to them
        // (the Close button was left below its edge). Change listeners run after the sections' own, which fill them.
        Runnable fit = () -> {
            scroll.setPrefViewportHeight(Math.min(members.prefHeight(-1), MAX_MEMBERS_HEIGHT));
            Window window = dialog.getDialogPane().getScene() == null ? null
                    : dialog.getDialogPane().getScene().getWindow();
            if (window != null && window.isShowing()) {
                window.sizeToScene();
            }
        };
        for (ObservableList<String> names : List.of(viewModel.readBy(), viewModel.deliveredTo(), viewModel.waiting())) {
            names.addListener((ListChangeListener<String>) change -> fit.run());
        }
        viewModel.errorProperty().addListener((obs, old, text) -> fit.run());
        viewModel.loadingProperty().addListener((obs, was, now) -> fit.run());
        fit.run();
        viewModel.load();
        dialog.show();
    }

    /** A heading with its tick and the names under it; "No one yet" while empty, or hidden when {@code always} is not set. */
    private static VBox section(String id, String title, Tick tick, ObservableList<String> names, boolean always,
                                UnaryOperator<String> shownName) {
        TickMark mark = new TickMark();
        mark.show(tick);
        Label heading = new Label(title);
        heading.getStyleClass().add("info-heading");
        HBox head = new HBox(6, mark, heading);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox rows = new VBox(6);
        rows.setId(id);
        VBox section = new VBox(6, head, rows);
        section.getStyleClass().add("info-block");
        Runnable fill = () -> {
            List<Node> nodes = names.stream().map(username -> row(username, shownName.apply(username))).toList();
            if (nodes.isEmpty()) {
                Label none = new Label("No one yet");
                none.getStyleClass().add("info-none");
                rows.getChildren().setAll(none);
            } else {
                rows.getChildren().setAll(nodes);
            }
            section.setVisible(always || !names.isEmpty());
            section.setManaged(section.isVisible());
        };
        names.addListener((ListChangeListener<String>) change -> fill.run());
        fill.run();
        return section;
    }

    private static Node row(String username, String shown) {
        Avatar avatar = new Avatar(14);
        avatar.show(shown, username, false);
        Label name = new Label(shown);
        name.getStyleClass().add("info-name");
        HBox row = new HBox(10, avatar, name);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("info-member");
        return row;
    }
}
