package dev.parley.desktop.ui;

import dev.parley.desktop.chat.NewChatViewModel;
import dev.parley.desktop.common.Formats;
import dev.parley.protocol.UserView;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import java.util.function.Consumer;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.VBox;

/**
 * Controller of {@code NewChatView.fxml}, the "New chat" drawer over the chat list: a search field and the people
 * found; Enter or a click opens the chat with one.
 */
public final class NewChatView {

    private final NewChatViewModel viewModel;
    private final Formats formats;
    private Consumer<String> onOpened = typed -> { };
    /** Letters typed between choosing a person and their chat showing (the room is asked of the server meanwhile). */
    private StringBuilder typedWhileOpening;
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
        // A fast typist's first words, typed while the chat opens, go into its composer rather than this drawer's
        // search field (which is gone once the chat shows).
        newChatPane.addEventFilter(KeyEvent.KEY_TYPED, e -> {
            String typed = e.getCharacter();
            if (typedWhileOpening != null && !typed.isEmpty() && !Character.isISOControl(typed.charAt(0))
                    && !e.isControlDown() && !e.isAltDown() && !e.isMetaDown()) {
                typedWhileOpening.append(typed);
                e.consume();
            }
        });
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
        UserView user = userList.getSelectionModel().getSelectedItem();
        if (user == null) {
            return;
        }
        typedWhileOpening = new StringBuilder();
        viewModel.start(user, chat -> onOpened.accept(takeTyped()), () -> {
            String typed = takeTyped(); // not opened: what was typed goes back where it was meant for, the search
            if (!typed.isEmpty()) {
                userSearchField.appendText(typed);
            }
        });
    }

    private String takeTyped() {
        String typed = typedWhileOpening == null ? "" : typedWhileOpening.toString();
        typedWhileOpening = null;
        return typed;
    }

    /**
     * Opens (creating if needed) the chat with {@code username} without the drawer, as choosing them in it does;
     * {@code opened} runs once it shows. If it cannot open, the drawer shows searching for them, with why.
     */
    void startWith(String username, Runnable opened) {
        viewModel.start(username, chat -> {
            opened.run();
            onOpened.accept("");
        }, () -> show(username));
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

    /**
     * Runs once a chat opened from here is showing (the composer takes the focus), with what was typed while it
     * opened.
     */
    void setOnOpened(Consumer<String> onOpened) {
        this.onOpened = onOpened;
    }
}
