package dev.parley.desktop.ui;

import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.chat.SearchResult;
import dev.parley.desktop.chat.SearchViewModel;
import dev.parley.desktop.common.Formats;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.fxml.FXML;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;

/**
 * Controller of {@code ChatSearchView.fxml}, "Search messages" beside the open chat's conversation (Ctrl+Shift+F, the
 * header's magnifier, or the chat menu): Enter searches this chat, Down goes to the results, Enter or a click on one
 * shows it in the conversation (the keyboard stays on the results), Esc closes the panel.
 */
public final class ChatSearchView {

    private final SearchViewModel viewModel;
    private final Formats formats;
    private Consumer<MessageItem> onFound = item -> { };
    private Runnable onClosed = () -> { };

    @FXML private VBox chatSearchPane;
    @FXML private TextField chatSearchField;
    @FXML private SearchResultsPane chatSearchResults;

    public ChatSearchView(SearchViewModel viewModel, Formats formats) {
        this.viewModel = viewModel;
        this.formats = formats;
    }

    @FXML
    private void initialize() {
        chatSearchPane.visibleProperty().bind(viewModel.openProperty());
        chatSearchPane.managedProperty().bind(viewModel.openProperty());
        chatSearchField.textProperty().bindBidirectional(viewModel.queryProperty());
        chatSearchField.setOnAction(e -> viewModel.search());
        chatSearchField.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DOWN && chatSearchResults.focusResults()) {
                e.consume();
            }
        });
        chatSearchResults.bind(viewModel, "chatSearchResultList", formats, true, "Type what to find and press Enter.", this::choose,
                chatSearchField);
        viewModel.openProperty().addListener((obs, was, open) -> {
            if (!open) {
                onClosed.run();
            }
        });
    }

    private void choose(SearchResult result) {
        viewModel.choose(result).thenAccept(onFound);
    }

    /** Opens the panel (or, open already, goes back to its field) with the field's text selected. */
    void show() {
        viewModel.show();
        Platform.runLater(() -> {
            chatSearchField.requestFocus();
            chatSearchField.selectAll();
        });
    }

    @FXML
    void close() {
        viewModel.close();
    }

    /** Esc: closes the panel; false when it is not showing. */
    boolean escape() {
        if (!viewModel.openProperty().get()) {
            return false;
        }
        viewModel.close();
        return true;
    }

    boolean isShowing() {
        return viewModel.openProperty().get();
    }

    /** Whether {@code node} is part of the panel. */
    boolean contains(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == chatSearchPane) {
                return true;
            }
        }
        return false;
    }

    /** Runs with the message a chosen result showed (null when it is not to be had), to scroll it into view. */
    void setOnFound(Consumer<MessageItem> onFound) {
        this.onFound = onFound;
    }

    /** Runs when the panel closes (the composer takes the focus back). */
    void setOnClosed(Runnable onClosed) {
        this.onClosed = onClosed;
    }
}
