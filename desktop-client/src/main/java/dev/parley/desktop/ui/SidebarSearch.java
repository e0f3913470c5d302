package dev.parley.desktop.ui;

import dev.parley.desktop.chat.ConversationViewModel;
import dev.parley.desktop.chat.SearchResult;
import dev.parley.desktop.chat.SearchViewModel;
import dev.parley.desktop.common.Formats;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.TextField;

/**
 * The search over every chat, in the sidebar: the field's text filters the chat list as it is typed; Enter (or the
 * "Search messages for …" button under the field) searches the messages, whose results cover the chat list until the
 * text changes or Esc. Down goes from the field to the results; a result clicked or entered opens its chat at that
 * message, and the keyboard stays on the results. Part of {@link MainView}; FX thread only.
 */
final class SidebarSearch {

    private final SearchViewModel search;
    private final TextField field;
    private final SearchResultsPane results;
    private final ConversationViewModel conversation;
    private final ConversationView conversationView;
    private final Runnable beforeOpening;

    /**
     * {@code openListed} runs for Enter in the empty field (the first chat listed opens), {@code beforeOpening}
     * before a result's chat opens (the "New chat" drawer closes).
     */
    SidebarSearch(SearchViewModel search, TextField field, Button searchMessagesButton, SearchResultsPane results,
                  Formats formats, ConversationViewModel conversation, ConversationView conversationView,
                  Runnable beforeOpening, Runnable openListed) {
        this.search = search;
        this.field = field;
        this.results = results;
        this.conversation = conversation;
        this.conversationView = conversationView;
        this.beforeOpening = beforeOpening;
        field.setOnAction(e -> {
            if (field.getText().isBlank()) {
                openListed.run();
            } else {
                search.search();
            }
        });
        results.setTitle("Messages");
        results.bind(search, "searchResultList", formats, false, "", this::choose, field);
        BooleanBinding searching = search.stateProperty().isNotEqualTo(SearchViewModel.State.IDLE);
        results.visibleProperty().bind(searching);
        searchMessagesButton.textProperty().bind(Bindings.createStringBinding(
                () -> "Search messages for \"" + field.getText().strip() + "\" (Enter)", field.textProperty()));
        BooleanBinding offered = searching.not().and(Bindings.createBooleanBinding(
                () -> !field.getText().isBlank(), field.textProperty()));
        searchMessagesButton.visibleProperty().bind(offered);
        searchMessagesButton.managedProperty().bind(offered);
        searchMessagesButton.setOnAction(e -> {
            search.search();
            field.requestFocus();
        });
    }

    private void choose(SearchResult result) {
        beforeOpening.run();
        search.choose(result).thenAccept(conversationView::reveal);
        results.refocus(); // the chat that opened gave its composer the focus: on to the next result instead
    }

    /** Whether {@code node} is the field or in the results. */
    boolean contains(Node node) {
        return node == field || results.contains(node);
    }

    /** Whether the search shows anything: a query, or its results. */
    boolean active() {
        return !field.getText().isEmpty() || search.stateProperty().get() != SearchViewModel.State.IDLE;
    }

    /** Esc: the query and the results go, and the keyboard goes to the open chat's composer (else the field). */
    void close() {
        field.clear();
        if (conversation.chatProperty().get() != null) {
            conversationView.focusComposer();
        } else {
            field.requestFocus();
        }
    }

    /** Down in the field while results show: the keyboard goes to them; false otherwise. */
    boolean down(Node focus) {
        return focus == field && results.isVisible() && results.focusResults();
    }

    /** Whether {@code node} is in the results (whose list moves with Up and Down itself). */
    boolean inResults(Node node) {
        return results.contains(node);
    }
}
