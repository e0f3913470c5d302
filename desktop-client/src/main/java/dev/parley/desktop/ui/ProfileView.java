package dev.parley.desktop.ui;

import dev.parley.desktop.chat.Device;
import dev.parley.desktop.chat.ProfileViewModel;
import dev.parley.protocol.SettingsView;
import javafx.beans.value.ObservableStringValue;
import javafx.css.PseudoClass;
import javafx.collections.ListChangeListener;
import javafx.fxml.FXML;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Controller of {@code ProfileView.fxml}, the "Profile" drawer over the chat list: my display name and About, each
 * with the characters left and what is wrong with it, and Save; my privacy settings; my signed-in devices, each but
 * this one with Sign out (asked first), and "Sign out of all devices".
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
    @FXML private ScrollPane profileScroll;
    @FXML private VBox devicesBox;
    @FXML private Label devicesStatusLabel;
    @FXML private Button signOutAllButton;

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
        viewModel.devices().addListener((ListChangeListener<Device>) change -> showDevices());
        showDevices();
        devicesStatusLabel.textProperty().bind(viewModel.devicesStatusProperty());
        signOutAllButton.disableProperty().bind(viewModel.devicesBusyProperty());
    }

    /** One row per device, built in code: a handful at most (the server keeps 50 per user). */
    private void showDevices() {
        Node focused = devicesBox.getScene() == null ? null : devicesBox.getScene().getFocusOwner();
        boolean hadFocus = false;
        for (Node node = focused; node != null; node = node.getParent()) {
            hadFocus |= node == devicesBox;
        }
        devicesBox.getChildren().setAll(viewModel.devices().stream().map(this::deviceRow).toList());
        if (hadFocus) {
            signOutAllButton.requestFocus(); // the row left with its button: the keyboard carries on below the list
        }
    }

    private HBox deviceRow(Device device) {
        Label name = new Label(device.name());
        name.getStyleClass().add("device-name");
        HBox title = new HBox(8, name);
        title.setAlignment(Pos.BASELINE_LEFT);
        if (device.current()) {
            Label here = new Label("This device");
            here.getStyleClass().add("device-this");
            title.getChildren().add(here);
        }
        Label detail = new Label(device.detail());
        detail.getStyleClass().add("device-detail");
        detail.setWrapText(true);
        VBox text = new VBox(2, title, detail);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox row = new HBox(12, text);
        row.setAlignment(Pos.CENTER_LEFT);
        row.getStyleClass().add("device-row");
        row.setUserData(device.id());
        if (!device.current()) {
            Button signOut = new Button("Sign out");
            signOut.getStyleClass().addAll("link-button", "device-sign-out");
            signOut.setMinWidth(Region.USE_PREF_SIZE); // the name and detail wrap instead
            signOut.setAccessibleText("Sign out " + device.name());
            // Not disabled while a sign-out is on its way (the view model ignores a second one): a focused button that
            // turns disabled hands focus to the next control, and then it could not carry on below the list.
            signOut.setOnAction(e -> {
                if (Dialogs.confirm(devicesBox, "Sign out", "Sign out " + device.name() + "?", device.detail(),
                        "Sign out")) {
                    viewModel.signOut(device);
                }
            });
            row.getChildren().add(signOut);
        }
        return row;
    }

    @FXML
    private void signOutEverywhere() {
        if (Dialogs.confirm(devicesBox, "Sign out", "Sign out of all devices?",
                "Every device signed in to your account is signed out, this one too.", "Sign out everywhere")) {
            viewModel.signOutEverywhere();
        }
    }

    private static void bindError(Label label, ObservableStringValue error) {
        label.textProperty().bind(error);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
    }

    /** Opens the drawer, the caret in the name field. */
    void show() {
        profileScroll.setVvalue(0);
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
