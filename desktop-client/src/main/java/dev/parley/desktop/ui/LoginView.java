package dev.parley.desktop.ui;

import dev.parley.desktop.login.LoginViewModel;
import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;

/** Controller of {@code LoginView.fxml}: binds the fields to the {@link LoginViewModel} and forwards the buttons. */
public final class LoginView {

    private final LoginViewModel viewModel;

    @FXML private Label heading;
    @FXML private TextField serverField;
    @FXML private TextField usernameField;
    @FXML private PasswordField passwordField;
    @FXML private Label errorLabel;
    @FXML private Button submitButton;
    @FXML private ProgressIndicator busyIndicator;
    @FXML private Hyperlink modeLink;

    public LoginView(LoginViewModel viewModel) {
        this.viewModel = viewModel;
    }

    @FXML
    private void initialize() {
        serverField.textProperty().bindBidirectional(viewModel.serverProperty());
        usernameField.textProperty().bindBidirectional(viewModel.usernameProperty());
        passwordField.textProperty().bindBidirectional(viewModel.passwordProperty());
        errorLabel.textProperty().bind(viewModel.errorProperty());
        errorLabel.visibleProperty().bind(viewModel.errorProperty().isNotEmpty());
        errorLabel.managedProperty().bind(errorLabel.visibleProperty());
        busyIndicator.visibleProperty().bind(viewModel.busyProperty());
        submitButton.disableProperty().bind(viewModel.busyProperty());
        viewModel.signUpProperty().addListener((obs, was, signUp) -> showMode(signUp));
        showMode(viewModel.signUpProperty().get());
        usernameField.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                (usernameField.getText().isEmpty() ? usernameField : passwordField).requestFocus();
            }
        });
    }

    private void showMode(boolean signUp) {
        heading.setText(signUp ? "Create your Parley account" : "Sign in to Parley");
        submitButton.setText(signUp ? "Create account" : "Sign in");
        modeLink.setText(signUp ? "I already have an account" : "Create account");
    }

    @FXML
    private void submit() {
        viewModel.submit();
    }

    @FXML
    private void toggleMode() {
        viewModel.signUpProperty().set(!viewModel.signUpProperty().get());
    }
}
