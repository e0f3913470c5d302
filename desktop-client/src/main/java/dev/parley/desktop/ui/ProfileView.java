package dev.parley.desktop.ui;

import dev.parley.desktop.chat.ProfileViewModel;
import dev.parley.protocol.SettingsView;
import javafx.beans.value.ObservableStringValue;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;

/**
 * Controller of {@code ProfileView.fxml}, the "Profile" drawer over the chat list: my display name and About, each
 * with the characters left and what is wrong with it, and Save.
 */
public final class ProfileView {

    private static final PseudoClass OVER = PseudoClass.getPseudoClass("over");

    private final ProfileViewModel viewModel;

    @FXML private VBox profilePane;
    @FXML private Avatar profileAvatar;
    @FXML private Label usernameLabel;
    @FXML private TextField nameField;
    @FXML private Label nameLeft;
    @FXML private Label nameError;
    @FXML private TextField aboutField;
    @FXML private Label aboutLeft;
    @FXML private Label aboutError;
    @FXML private Label statusLabel;
    @FXML private Button saveButton;
    @FXML private CheckBox lastSeenCheck;
    @FXML private CheckBox readReceiptsCheck;
    @FXML private Label settingsStatusLabel;

    public ProfileView(ProfileViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        profilePane.visibleProperty().bind(viewModel.openProperty());
        profileAvatar.setRadius(48);
        profileAvatar.show(viewModel.me(), false);
        usernameLabel.setText("Username: " + viewModel.me());
        nameField.textProperty().bindBidirectional(viewModel.nameInputProperty());
        aboutField.textProperty().bindBidirectional(viewModel.aboutInputProperty());
        nameLeft.textProperty().bind(viewModel.nameLeftProperty().asString());
        aboutLeft.textProperty().bind(viewModel.aboutLeftProperty().asString());
        viewModel.nameLeftProperty().addListener((obs, old, left) -> nameLeft.pseudoClassStateChanged(OVER,
                left.intValue() < 0));
        viewModel.aboutLeftProperty().addListener((obs, old, left) -> aboutLeft.pseudoClassStateChanged(OVER,
                left.intValue() < 0));
        bindError(nameError, viewModel.nameErrorProperty());
        bindError(aboutError, viewModel.aboutErrorProperty());
        statusLabel.textProperty().bind(viewModel.statusProperty());
        saveButton.disableProperty().bind(viewModel.savingProperty());
        // "contacts" or "nobody" in the view model, a tick here.
        lastSeenCheck.setSelected(SettingsView.CONTACTS.equals(viewModel.lastSeenProperty().get()));
        viewModel.lastSeenProperty().addListener((obs, old, value) ->
                lastSeenCheck.setSelected(SettingsView.CONTACTS.equals(value)));
        lastSeenCheck.selectedProperty().addListener((obs, old, shown) ->
                viewModel.lastSeenProperty().set(shown ? SettingsView.CONTACTS : SettingsView.NOBODY));
        readReceiptsCheck.selectedProperty().bindBidirectional(viewModel.readReceiptsProperty());
        lastSeenCheck.disableProperty().bind(viewModel.settingsReadyProperty().not());
        readReceiptsCheck.disableProperty().bind(viewModel.settingsReadyProperty().not());
        settingsStatusLabel.textProperty().bind(viewModel.settingsStatusProperty());
    }

    private static void bindError(Label label, ObservableStringValue error) {
        label.textProperty().bind(error);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    /** Opens the drawer, the caret in the name field. */
    void show() {
        viewModel.open();
        nameField.requestFocus();
        nameField.end();
    }

    @FXML
    void hide() {
        viewModel.close();
    }

    boolean isShowing() {
        return viewModel.openProperty().get();
    }

    @FXML
    private void save() {
        viewModel.save();
    }
}
