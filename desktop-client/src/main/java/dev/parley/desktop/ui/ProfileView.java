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
    @FXML private Label profileUsernameLabel;
    @FXML private TextField profileNameField;
    @FXML private Label profileNameLeft;
    @FXML private Label profileNameError;
    @FXML private TextField profileAboutField;
    @FXML private Label profileAboutLeft;
    @FXML private Label profileAboutError;
    @FXML private Label profileStatusLabel;
    @FXML private Button profileSaveButton;
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
        profileAvatar.show(viewModel.shownNameProperty().get(), viewModel.me(), false);
        viewModel.shownNameProperty().addListener((obs, old, name) -> profileAvatar.show(name, viewModel.me(), false));
        profileUsernameLabel.setText("Username: " + viewModel.me());
        profileNameField.textProperty().bindBidirectional(viewModel.nameInputProperty());
        profileAboutField.textProperty().bindBidirectional(viewModel.aboutInputProperty());
        profileNameLeft.textProperty().bind(viewModel.nameLeftProperty().asString());
        profileAboutLeft.textProperty().bind(viewModel.aboutLeftProperty().asString());
        viewModel.nameLeftProperty().addListener((obs, old, left) -> profileNameLeft.pseudoClassStateChanged(OVER,
                left.intValue() < 0));
        viewModel.aboutLeftProperty().addListener((obs, old, left) -> profileAboutLeft.pseudoClassStateChanged(OVER,
                left.intValue() < 0));
        bindError(profileNameError, viewModel.nameErrorProperty());
        bindError(profileAboutError, viewModel.aboutErrorProperty());
        profileStatusLabel.textProperty().bind(viewModel.statusProperty());
        profileSaveButton.disableProperty().bind(viewModel.savingProperty());
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
        profileNameField.requestFocus();
        profileNameField.end();
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
