package dev.parley.desktop.ui;

import dev.parley.desktop.chat.MemberPickerViewModel;
import dev.parley.desktop.common.Formats;
import dev.parley.protocol.UserView;
import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.event.ActionEvent;
import javafx.fxml.FXML;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * Controller of {@code MemberPickerView.fxml}, the content of the "New group" and "Add members" dialogs: the group's
 * name (new groups only), the people picked as chips, and a search for more. The dialog opens with the focus in its
 * first field; Enter in the search picks the first person found (and with nothing typed, confirms), Enter elsewhere
 * confirms, Backspace in an empty search takes the last chip off, Esc cancels. The dialog closes once the server has
 * done it; a refusal shows in it.
 */
final class MemberPickerView {

    private final MemberPickerViewModel viewModel;
    private final Formats formats;

    @FXML private VBox nameBox;
    @FXML private TextField nameField;
    @FXML private FlowPane chips;
    @FXML private TextField searchField;
    @FXML private Label searchMessage;
    @FXML private ListView<UserView> resultList;
    @FXML private Label errorLabel;

    private MemberPickerView(MemberPickerViewModel viewModel, Formats formats) {
        this.viewModel = viewModel;
        this.formats = formats;
    }

    /** Shows the dialog of {@code viewModel} over {@code owner}'s window. */
    static void show(Node owner, MemberPickerViewModel viewModel, Formats formats) {
        MemberPickerView view = new MemberPickerView(viewModel, formats);
        FXMLLoader loader = new FXMLLoader(MemberPickerView.class.getResource("MemberPickerView.fxml"));
        loader.setController(view);
        Parent content;
        try {
            content = loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(viewModel.title());
        dialog.setHeaderText(viewModel.title());
        Dialogs.style(dialog, owner);
        DialogPane pane = dialog.getDialogPane();
        pane.getStyleClass().add("picker-dialog");
        pane.setContent(content);
        ButtonType confirm = new ButtonType(viewModel.confirmText(), ButtonBar.ButtonData.OK_DONE);
        pane.getButtonTypes().setAll(ButtonType.CANCEL, confirm);
        Button confirmButton = (Button) pane.lookupButton(confirm);
        confirmButton.setId("pickerConfirm");
        confirmButton.disableProperty().bind(viewModel.canConfirmBinding().not());
        confirmButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume(); // the dialog stays until the server has done it
            viewModel.confirm(() -> {
                dialog.setResult(confirm);
                dialog.close();
            });
        });
        dialog.setOnShown(e -> Platform.runLater(view::focusFirstField));
        dialog.show();
    }

    @FXML
    private void initialize() {
        nameBox.setVisible(viewModel.needsName());
        nameBox.setManaged(viewModel.needsName());
        nameField.textProperty().bindBidirectional(viewModel.nameProperty());
        searchField.textProperty().bindBidirectional(viewModel.queryProperty());
        searchMessage.textProperty().bind(viewModel.messageProperty());
        searchMessage.visibleProperty().bind(viewModel.messageProperty().isNotEmpty());
        searchMessage.managedProperty().bind(searchMessage.visibleProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        resultList.setItems(viewModel.results());
        resultList.setCellFactory(list -> new UserCell(formats));
        resultList.setPlaceholder(new Label(""));
        resultList.setOnMouseClicked(e -> pickSelected());
        resultList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                pickSelected();
                e.consume();
            }
        });
        searchField.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            boolean typed = !searchField.getText().isBlank();
            if (e.getCode() == KeyCode.ENTER && typed) {
                viewModel.pick(resultList.getItems().isEmpty() ? null : resultList.getItems().getFirst());
                e.consume(); // a search never confirms the dialog
            } else if (e.getCode() == KeyCode.DOWN && !resultList.getItems().isEmpty()) {
                resultList.requestFocus();
                resultList.getSelectionModel().selectFirst();
                e.consume();
            } else if (e.getCode() == KeyCode.BACK_SPACE && searchField.getText().isEmpty()) {
                viewModel.unpickLast();
            }
        });
        viewModel.picked().addListener((ListChangeListener<String>) change -> showChips());
        showChips();
    }

    private void pickSelected() {
        UserView user = resultList.getSelectionModel().getSelectedItem();
        if (user != null) {
            viewModel.pick(user);
            searchField.requestFocus();
        }
    }

    private void showChips() {
        chips.getChildren().setAll(viewModel.picked().stream().map(this::chip).toList());
        chips.setVisible(!viewModel.picked().isEmpty());
        chips.setManaged(chips.isVisible());
    }

    private Node chip(String username) {
        Avatar avatar = new Avatar(11);
        String displayName = viewModel.displayName(username);
        avatar.showPerson(username, displayName, false);
        Label name = new Label(displayName == null ? username : displayName);
        name.getStyleClass().add("chip-name");
        Button remove = new Button("×");
        remove.getStyleClass().add("chip-remove");
        remove.setFocusTraversable(false); // Backspace in the search takes chips off from the keyboard
        remove.setTooltip(new Tooltip("Remove " + username));
        remove.setOnAction(e -> viewModel.unpick(username));
        HBox chip = new HBox(6, avatar, name, remove);
        chip.setAlignment(Pos.CENTER_LEFT);
        chip.getStyleClass().add("chip");
        return chip;
    }

    private void focusFirstField() {
        (viewModel.needsName() ? nameField : searchField).requestFocus();
    }
}
