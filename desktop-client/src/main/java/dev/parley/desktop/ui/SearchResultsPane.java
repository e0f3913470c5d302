package dev.parley.desktop.ui;

import dev.parley.desktop.chat.SearchResult;
import dev.parley.desktop.chat.SearchViewModel;
import dev.parley.desktop.common.Formats;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The results of a {@link SearchViewModel}, built in code and used by both searches (over the chat list, and in a
 * chat's panel): a title, what is going on ("Searching…", "No messages match …", why it failed), the messages found
 * and "More results" while the server has more, which scrolling to the end also loads. From the keyboard: Up/Down
 * move, Enter chooses, Up on the first result goes back to the search field, and what is typed goes on in the field
 * (as in WhatsApp). The selection stays on its message when the results change around it, on the row in its place
 * when its message went (while the keyboard is on the list), and goes with results replaced by another search.
 */
public final class SearchResultsPane extends VBox {

    private final Label title = new Label();
    private final Label status = new Label();
    private final Label hint = new Label();
    private final ListView<SearchResult> list = new ListView<>();
    private final Button moreButton = new Button("More results");
    private SearchViewModel viewModel;
    private TextField field;
    private boolean flowWatched;
    /** The result selected before the results changed, and its row; null and -1 when none. */
    private SearchResult selected;
    private int selectedAt = -1;
    /** Between the results changing and the selection being put back where it belongs. */
    private boolean resultsChanging;

    public SearchResultsPane() {
        getStyleClass().add("search-results");
        title.getStyleClass().add("section-label");
        title.managedProperty().bind(title.textProperty().isNotEmpty());
        title.visibleProperty().bind(title.textProperty().isNotEmpty());
        status.getStyleClass().add("search-status");
        status.setWrapText(true);
        status.setMaxWidth(Double.MAX_VALUE);
        status.managedProperty().bind(status.textProperty().isNotEmpty());
        status.visibleProperty().bind(status.textProperty().isNotEmpty());
        hint.getStyleClass().add("search-status");
        hint.setWrapText(true);
        list.getStyleClass().add("chat-list");
        list.setPlaceholder(new Label(""));
        VBox.setVgrow(list, Priority.ALWAYS);
        moreButton.getStyleClass().addAll("link-button", "search-more");
        moreButton.setMaxWidth(Double.MAX_VALUE);
        getChildren().addAll(title, status, hint, list, moreButton);
    }

    /**
     * Shows {@code viewModel}'s results in a list with the id {@code listId}; {@code chosen} runs for a result
     * clicked or entered; {@code field} is the search's field (Up on the first result goes there, and what is typed on
     * the results); {@code hintText} shows while nothing is searched.
     */
    void bind(SearchViewModel viewModel, String listId, Formats formats, boolean inChat, String hintText,
              Consumer<SearchResult> chosen, TextField field) {
        this.viewModel = viewModel;
        list.setId(listId);
        this.field = field;
        status.textProperty().bind(viewModel.statusProperty());
        hint.setText(hintText);
        BooleanBinding idle = viewModel.stateProperty().isEqualTo(SearchViewModel.State.IDLE);
        hint.visibleProperty().bind(idle.and(Bindings.createBooleanBinding(() -> !hintText.isEmpty())));
        hint.managedProperty().bind(hint.visibleProperty());
        // The selection model follows a change of the items before the listener after it puts the selection back.
        viewModel.results().addListener((ListChangeListener<SearchResult>) change -> resultsChanging = true);
        list.setItems(viewModel.results());
        viewModel.results().addListener((ListChangeListener<SearchResult>) change -> {
            resultsChanging = false;
            reselect();
        });
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, result) -> {
            if (!resultsChanging) {
                selected = result;
                selectedAt = list.getSelectionModel().getSelectedIndex();
            }
        });
        list.setCellFactory(l -> new SearchResultCell(formats, inChat, chosen));
        list.visibleProperty().bind(Bindings.isNotEmpty(viewModel.results()));
        moreButton.visibleProperty().bind(viewModel.moreProperty());
        moreButton.managedProperty().bind(viewModel.moreProperty());
        moreButton.textProperty().bind(Bindings.when(viewModel.loadingMoreProperty())
                .then("Loading…").otherwise("More results"));
        moreButton.disableProperty().bind(viewModel.loadingMoreProperty());
        moreButton.setOnAction(e -> viewModel.more());
        list.setOnKeyPressed(e -> {
            int at = list.getSelectionModel().getSelectedIndex();
            if (e.getCode() == KeyCode.ENTER && list.getSelectionModel().getSelectedItem() != null) {
                chosen.accept(list.getSelectionModel().getSelectedItem());
                e.consume();
            } else if (e.getCode() == KeyCode.UP && at <= 0) {
                field.requestFocus();
                e.consume();
            } else if (e.getCode() == KeyCode.DOWN && at == list.getItems().size() - 1) {
                viewModel.more();
            }
        });
        list.addEventHandler(KeyEvent.KEY_TYPED, this::typeInField);
        list.skinProperty().addListener((obs, old, skin) -> watchFlow());
        watchFlow();
    }

    /**
     * After the results changed: the selected message stays selected where it is now; if it went, the row that took
     * its place is selected while the keyboard is on the list (Down and Enter go on from there), else nothing is; new
     * results (another search) start with nothing selected, and no row keeps the keyboard's mark.
     */
    private void reselect() {
        List<SearchResult> results = viewModel.results();
        int at = -1;
        if (selected != null) {
            for (int i = 0; i < results.size() && at < 0; i++) {
                if (results.get(i).messageUuid().equals(selected.messageUuid())) {
                    at = i;
                }
            }
            if (at < 0 && list.isFocused() && !results.isEmpty()) {
                at = Math.min(selectedAt, results.size() - 1);
            }
        }
        if (at >= 0) {
            list.getSelectionModel().clearAndSelect(at);
            list.getFocusModel().focus(at);
        } else {
            // Forgotten here too: a selection already cleared with the items says nothing more to the listener.
            selected = null;
            selectedAt = -1;
            list.getSelectionModel().clearSelection();
            list.getFocusModel().focus(-1);
        }
    }

    /**
     * A character typed on the results goes on at the end of the search field, which takes the keyboard (shortcuts
     * and keys that type nothing stay with the list).
     */
    private void typeInField(KeyEvent e) {
        String typed = e.getCharacter();
        if (field == null || typed.isEmpty() || typed.codePoints().anyMatch(Character::isISOControl)
                || e.isControlDown() || e.isAltDown() || e.isMetaDown() || e.isShortcutDown()) {
            return;
        }
        e.consume();
        field.requestFocus();
        field.appendText(typed);
        field.positionCaret(field.getLength());
    }

    /** Sets the title over the results ("Messages"); none when empty. */
    void setTitle(String text) {
        title.setText(text);
    }

    /** Down from the search field: the keyboard goes to the first result (or the one it was on); false if none. */
    boolean focusResults() {
        if (list.getItems() == null || list.getItems().isEmpty()) {
            return false;
        }
        if (list.getSelectionModel().isEmpty()) {
            list.getSelectionModel().selectFirst();
        }
        list.requestFocus();
        list.scrollTo(Math.max(0, list.getSelectionModel().getSelectedIndex() - 1));
        return true;
    }

    /** The list takes the keyboard back (after a result opened its chat, which gives the composer the focus). */
    void refocus() {
        Platform.runLater(list::requestFocus);
    }

    /** Whether {@code node} is part of the pane. */
    boolean contains(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == this) {
                return true;
            }
        }
        return false;
    }

    /** Scrolled to the end: the next page, when the server has one. */
    private void watchFlow() {
        if (flowWatched || !(list.lookup(".virtual-flow") instanceof VirtualFlow<?> flow)) {
            return; // watched already, or the skin is not built yet (its arrival calls again)
        }
        flowWatched = true;
        flow.positionProperty().addListener((obs, old, position) -> {
            if (position.doubleValue() >= 1 && viewModel != null) {
                viewModel.more();
            }
        });
    }
}
