package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.SearchPage;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * A message search, everywhere (the field over the chat list, whose text also filters the chats as it is typed) or
 * in the open chat (the conversation's search panel, {@code room_uuid}): Enter searches for the query, results come a
 * page at a time, newest first, more on request with the server's cursor, and choosing one opens its chat at that
 * message. Editing the query, searching again or closing drops whatever an earlier search still has on its way, so a
 * late answer never shows under a newer query. FX thread only: answers hop over through {@code fx}.
 */
public final class SearchViewModel {

    /** What the results area shows. */
    public enum State { IDLE, SEARCHING, RESULTS, NO_RESULTS, FAILED }

    static final int PAGE = 20;
    /** Pages in a row that may hold nothing before a search stops to wait for "More results". */
    private static final int EMPTY_PAGES = 5;

    private final String me;
    private final ChatApi api;
    private final Executor fx;
    private final ChatListViewModel chats;
    private final ConversationViewModel conversation;
    private final boolean inChat;
    private final StringProperty query;
    private final ObservableList<SearchResult> results = FXCollections.observableArrayList();
    private final ObservableList<SearchResult> resultsView = FXCollections.unmodifiableObservableList(results);
    private final Set<UUID> found = new HashSet<>();
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper more = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper loadingMore = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper();
    /** Which search the answers on their way belong to: each search, edit of the query and close moves it. */
    private long generation;
    private String searched = "";
    private UUID room;
    private String next;

    private SearchViewModel(String me, ChatApi api, Executor fx, ChatListViewModel chats,
                            ConversationViewModel conversation, StringProperty query, boolean inChat) {
        this.me = me;
        this.api = api;
        this.fx = fx;
        this.chats = chats;
        this.conversation = conversation;
        this.query = query;
        this.inChat = inChat;
        query.addListener((obs, old, text) -> reset());
        if (inChat) {
            // The panel belongs to the chat it searches, as WhatsApp's does: another chat closes it.
            conversation.chatProperty().addListener((obs, old, chat) -> close());
        }
    }

    /** The search over every chat; its query is the chat list's filter. */
    public static SearchViewModel everywhere(String me, ChatApi api, Executor fx, ChatListViewModel chats,
                                             ConversationViewModel conversation) {
        return new SearchViewModel(me, api, fx, chats, conversation, chats.filterProperty(), false);
    }

    /** The search in the open chat, with a query of its own. */
    public static SearchViewModel inChat(String me, ChatApi api, Executor fx, ChatListViewModel chats,
                                         ConversationViewModel conversation) {
        return new SearchViewModel(me, api, fx, chats, conversation, new SimpleStringProperty(""), true);
    }

    /**
     * Enter: searches for the query (trimmed); an empty one shows nothing. Enter again while the same search is on
     * its way asks nothing more (a key held down would spend the user's searches).
     */
    public void search() {
        String text = query.get() == null ? "" : query.get().strip();
        ChatItem chat = conversation.chatProperty().get();
        UUID in = inChat && chat != null ? chat.roomUuid() : null;
        if (state.get() == State.SEARCHING && text.equals(searched) && Objects.equals(in, room)) {
            return;
        }
        long current = reset();
        if (text.isEmpty() || inChat && chat == null) {
            return;
        }
        searched = text;
        room = in;
        state.set(State.SEARCHING);
        status.set("Searching…");
        fetch(current, null, 0, 0);
    }

    /** The next page of results (scrolled to the end, or "More results"), unless there is none or it is on its way. */
    public void more() {
        if (!more.get() || loadingMore.get()) {
            return;
        }
        loadingMore.set(true);
        status.set("");
        fetch(generation, next, 0, 0);
    }

    /**
     * Asks for the page at {@code cursor}; a page may hold nothing while the server has more (it drops what changed
     * since it was indexed), so one request for results goes on until it found some, there are none left, or a few
     * pages in a row held nothing ({@code empty} so far).
     */
    private void fetch(long asked, String cursor, int foundBefore, int empty) {
        api.search(searched, room, cursor, PAGE).whenComplete((page, failure) -> fx.execute(() -> {
            if (asked != generation) {
                return; // the answer to an earlier search: a newer one owns the results now
            }
            if (failure != null) {
                failed(failure);
                return;
            }
            int added = add(page.results());
            next = page.next();
            if (next != null && foundBefore + added == 0 && empty + 1 < EMPTY_PAGES) {
                fetch(asked, next, 0, empty + 1);
                return;
            }
            loadingMore.set(false);
            more.set(next != null);
            boolean none = results.isEmpty();
            state.set(none ? State.NO_RESULTS : State.RESULTS);
            status.set(none ? noResults() + (next != null ? " so far" : "") : "");
        }));
    }

    private int add(List<SearchPage.Hit> hits) {
        int added = 0;
        for (SearchPage.Hit hit : hits) {
            if (found.add(hit.message().messageUuid())) {
                results.add(SearchResult.of(hit, chats.find(hit.room().roomUuid()), me));
                added++;
            }
        }
        return added;
    }

    private String noResults() {
        return (inChat ? "No messages in this chat match \"" : "No messages match \"") + searched + "\"";
    }

    /** Says what went wrong; results found so far stay, and "More results" tries the same page again. */
    private void failed(Throwable failure) {
        ApiException error = ApiException.of(failure);
        if (error.status() == 401) {
            conversation.failed(failure); // the session is over
        }
        loadingMore.set(false);
        status.set(reason(error));
        if (results.isEmpty()) {
            more.set(false);
            state.set(State.FAILED);
        }
    }

    private String reason(ApiException error) {
        return switch (error.status()) {
            case 429 -> error.retryAfterSeconds() == null ? "Too many searches. Try again in a moment."
                    : "Too many searches. Try again in " + seconds(error.retryAfterSeconds()) + ".";
            case 0 -> "Can't reach the server. Press Enter to try again.";
            case 400 -> Formats.sentence(error.getMessage());
            case 404 -> inChat ? "This chat can't be searched." : "Search isn't available on this server.";
            case 503 -> "Search is busy. Try again in a moment.";
            default -> "Search failed. Press Enter to try again.";
        };
    }

    private static String seconds(long n) {
        return n == 1 ? "1 second" : n + " seconds";
    }

    /** Forgets the results and whatever is on its way; returns the generation a new search takes. */
    private long reset() {
        generation++;
        results.clear();
        found.clear();
        next = null;
        more.set(false);
        loadingMore.set(false);
        state.set(State.IDLE);
        status.set("");
        return generation;
    }

    /**
     * Opens the chat of {@code result} at its message (highlighted, with the history around it); completes with that
     * message, or null when it is not to be had.
     */
    public CompletableFuture<MessageItem> choose(SearchResult result) {
        ChatItem chat = chats.find(result.roomUuid());
        if (chat == null) {
            status.set("That chat isn't in your list yet.");
            return CompletableFuture.completedFuture(null);
        }
        return conversation.openAt(chat, result.seq());
    }

    /** Ctrl+Shift+F: the panel of the search in the open chat shows (with its last query, if any). */
    public void show() {
        if (inChat && conversation.chatProperty().get() != null) {
            open.set(true);
        }
    }

    /** Esc, or the close button: the query, the results and the panel go. */
    public void close() {
        query.set("");
        reset();
        open.set(false);
    }

    /** What is searched for (the field's text): editing it drops the results of the query before. */
    public StringProperty queryProperty() {
        return query;
    }

    /** The messages found so far, newest first. */
    public ObservableList<SearchResult> results() {
        return resultsView;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** "Searching…", "No messages match "x"", or why it failed; empty otherwise. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether the server has more results after those shown. */
    public ReadOnlyBooleanProperty moreProperty() {
        return more.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingMoreProperty() {
        return loadingMore.getReadOnlyProperty();
    }

    /** In a chat: whether its search panel shows. */
    public ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }
}
