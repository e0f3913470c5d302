package dev.parley.desktop.ui;

import dev.parley.desktop.chat.NewChatViewModel;
import dev.parley.desktop.common.Formats;
import dev.parley.protocol.UserView;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;

/**
 * Controller of {@code NewChatView.fxml}, the "New chat" drawer over the chat list: a search field and the people
 * found; Enter or a click opens the chat with one.
 */
public final class NewChatView {

    private final NewChatViewModel viewModel;
    private final Formats formats;
    private Runnable onOpened = () -> { };
    private Runnable onNewGroup = () -> { };

    @FXML private VBox newChatPane;
    @FXML private TextField userSearchField;
    @FXML private Label userSearchMessage;
    @FXML private ListView<UserView> userList;

    public NewChatView(NewChatViewModel viewModel, Formats formats) {
        this.viewModel = viewModel;
        this.formats = formats;
    }

    @FXML
    private void initialize() {
        newChatPane.visibleProperty().bind(viewModel.openProperty());
        userSearchField.textProperty().bindBidirectional(viewModel.queryProperty());
        userSearchMessage.textProperty().bind(viewModel.messageProperty());
        userList.setItems(viewModel.results());
        userList.setCellFactory(list -> new UserCell(formats));
        userList.setOnMouseClicked(e -> startChatWithSelected());
        userList.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) {
                startChatWithSelected();
            }
        });
        userSearchField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER && !userList.getItems().isEmpty()) {
                userList.getSelectionModel().selectFirst();
                startChatWithSelected();
            } else if (e.getCode() == KeyCode.DOWN && !userList.getItems().isEmpty()) {
                userList.requestFocus();
                userList.getSelectionModel().selectFirst();
            }
        });
    }

    private void startChatWithSelected() {
        viewModel.start(userList.getSelectionModel().getSelectedItem(), chat -> onOpened.run());
    }

    /** Opens the drawer with the search field focused. */
    void show() {
        show("");
    }

    /** Opens the drawer searching for {@code text}, the caret after it. */
    void show(String text) {
        viewModel.show(text);
        userSearchField.requestFocus();
        userSearchField.end();
    }

    @FXML
    void hide() {
        viewModel.close();
    }

    boolean isShowing() {
        return viewModel.openProperty().get();
    }

    /** Whether {@code node} is the list of people found, which handles Up and Down itself. */
    boolean isResultList(Node node) {
        return node == userList;
    }

    @FXML
    private void newGroup() {
        onNewGroup.run();
    }

    /** Runs when "New group" is chosen here. */
    void setOnNewGroup(Runnable onNewGroup) {
        this.onNewGroup = onNewGroup;
    }

    /** Runs once a chat opened from here is showing (the composer takes the focus). */
    void setOnOpened(Runnable onOpened) {
        this.onOpened = onOpened;
    }
}
