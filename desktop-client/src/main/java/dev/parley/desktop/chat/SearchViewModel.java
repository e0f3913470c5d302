package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.common.Scheduler;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.SearchPage;
import dev.parley.protocol.ServerFrame;
import java.time.Duration;
import java.util.ArrayList;
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
import javafx.collections.ObservableList;

/**
 * A message search, everywhere (the field over the chat list, whose text also filters the chats as it is typed) or
 * in the open chat (the conversation's search panel, {@code room_uuid}): Enter searches for the query, results come a
 * page at a time, newest first, more on request with the server's cursor, and choosing one opens its chat at that
 * message. Editing the query, searching again or closing drops whatever an earlier search still has on its way, so a
 * late answer never shows under a newer query. Results follow the messages they show: a deleted message's goes at
 * once, and an edit of one asks the server again (only it knows whether the new text still matches), changing only
 * the rows that changed. FX thread only: answers hop over through {@code fx}.
 */
public final class SearchViewModel {

    /** What the results area shows. */
    public enum State { IDLE, SEARCHING, RESULTS, NO_RESULTS, FAILED }

    static final int PAGE = 20;
    /** Pages in a row that may hold nothing before a search stops to wait for "More results". */
    private static final int EMPTY_PAGES = 5;
    /**
     * How long after an edit of a result (the last of a burst) the search is asked again: the server drops a hit
     * edited since it was indexed until the new text is (normally within a fraction of a second), so asking at once
     * would make a result that still matches blink out.
     */
    static final Duration REFRESH_DELAY = Duration.ofSeconds(1);
    /**
     * How long after a refresh an edited result it did not bring back is looked for once more (staying in its place
     * meanwhile): the index may not have caught up with the new text yet.
     */
    static final Duration LOOK_AGAIN_DELAY = Duration.ofSeconds(3);

    private final String me;
    private final ChatApi api;
    private final Executor fx;
    private final Scheduler scheduler;
    private final ChatListViewModel chats;
    private final ConversationViewModel conversation;
    private final boolean inChat;
    private final StringProperty query;
    private final SearchResults results = new SearchResults();
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
    /** The refresh waiting for a burst of edits to end, or null. */
    private Scheduler.Cancellable refreshing;
    /** Whether a refresh's answer is on its way. */
    private boolean refetching;
    /** Results edited since the last refresh answered, which it must bring back to be sure they went. */
    private final Set<UUID> edited = new HashSet<>();
    /** Whether the refresh on its way (or waiting) is the second look for edited results. */
    private boolean lookingAgain;

    private SearchViewModel(String me, ChatApi api, Executor fx, Scheduler scheduler, ChatListViewModel chats,
                            ConversationViewModel conversation, StringProperty query, boolean inChat) {
        this.me = me;
        this.api = api;
        this.fx = fx;
        this.scheduler = scheduler;
        this.chats = chats;
        this.conversation = conversation;
        this.query = query;
        this.inChat = inChat;
        query.addListener((obs, old, text) -> reset());
        if (inChat) {
            // The panel belongs to the chat it searches, as WhatsApp's does: another chat closes it.
            conversation.chatProperty().addListener((obs, old, chat) -> close());
        }
        chats.watchUpdates(this::updated);
    }

    /** The search over every chat; its query is the chat list's filter. */
    public static SearchViewModel everywhere(String me, ChatApi api, Executor fx, Scheduler scheduler,
                                             ChatListViewModel chats, ConversationViewModel conversation) {
        return new SearchViewModel(me, api, fx, scheduler, chats, conversation, chats.filterProperty(), false);
    }

    /** The search in the open chat, with a query of its own. */
    public static SearchViewModel inChat(String me, ChatApi api, Executor fx, Scheduler scheduler,
                                         ChatListViewModel chats, ConversationViewModel conversation) {
        return new SearchViewModel(me, api, fx, scheduler, chats, conversation, new SimpleStringProperty(""), true);
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
            int added = results.add(rows(page.results()));
            next = page.next();
            if (next != null && foundBefore + added == 0 && empty + 1 < EMPTY_PAGES) {
                fetch(asked, next, 0, empty + 1);
                return;
            }
            answered();
        }));
    }

    /** An answer is in: whether there is more, and what the results area says. */
    private void answered() {
        loadingMore.set(false);
        more.set(next != null);
        showFound();
    }

    private void showFound() {
        boolean none = results.isEmpty();
        state.set(none ? State.NO_RESULTS : State.RESULTS);
        status.set(none ? noResults() + (next != null ? " so far" : "") : "");
    }

    private List<SearchResult> rows(List<SearchPage.Hit> hits) {
        return hits.stream().map(hit -> SearchResult.of(hit, chats.find(hit.room().roomUuid()), me)).toList();
    }

    /**
     * A message action's update: the result of a message deleted goes at once; an edit of a result's message (or of
     * any message while an answer is on its way, which may show it as it was) asks the search again shortly, once
     * for a burst of edits.
     */
    private void updated(ServerFrame.Update update) {
        MessageView message = update.message();
        if (inChat && room != null && !room.equals(update.roomUuid())) {
            return;
        }
        if (message.deleted()) {
            if (results.delete(message.messageUuid()) && results.isEmpty() && state.get() == State.RESULTS) {
                showFound();
            }
        } else if (ServerFrame.Update.EDIT.equals(update.action()) && (results.contains(message.messageUuid())
                || state.get() == State.SEARCHING || loadingMore.get() || refetching)) {
            if (results.contains(message.messageUuid())) {
                edited.add(message.messageUuid());
            }
            lookingAgain = false;
            refreshLater(REFRESH_DELAY);
        }
    }

    private void refreshLater(Duration delay) {
        if (refreshing != null) {
            refreshing.cancel();
        }
        refreshing = scheduler.schedule(delay, this::refresh);
    }

    /**
     * Asks the current search again, as far as the results reached, and changes only what changed (see
     * {@link SearchResults#replace}): a result whose message no longer matches goes, an edited one takes its new
     * snippet in its place. An answer still on its way for the search is dropped: this one is newer.
     */
    private void refresh() {
        refreshing = null;
        if (searched.isEmpty() || state.get() == State.IDLE || state.get() == State.FAILED) {
            return;
        }
        long asked = ++generation;
        refetching = true;
        int wanted = Math.max(results.size(), 1);
        refetch(asked, null, new ArrayList<>(), wanted, wanted / PAGE + EMPTY_PAGES);
    }

    /** A page of the refresh: more until it has {@code wanted} results, the server has none left or pages run out. */
    private void refetch(long asked, String cursor, List<SearchResult> fresh, int wanted, int pagesLeft) {
        api.search(searched, room, cursor, PAGE).whenComplete((page, failure) -> fx.execute(() -> {
            if (asked != generation) {
                return;
            }
            if (failure != null) {
                refetching = false;
                failed(failure);
                return;
            }
            fresh.addAll(rows(page.results()));
            if (page.next() != null && fresh.size() < wanted && pagesLeft > 1) {
                refetch(asked, page.next(), fresh, wanted, pagesLeft - 1);
                return;
            }
            refetching = false;
            next = page.next();
            results.replace(keepingEditedOnce(fresh));
            answered();
        }));
    }

    /**
     * The first refresh after edits keeps an edited result that it did not bring back in its place (by date among
     * {@code fresh}) and looks for it once more a little later; the second look's answer is final.
     */
    private List<SearchResult> keepingEditedOnce(List<SearchResult> fresh) {
        Set<UUID> back = new HashSet<>(fresh.stream().map(SearchResult::messageUuid).toList());
        List<SearchResult> missing = results.view().stream()
                .filter(r -> edited.contains(r.messageUuid()) && !back.contains(r.messageUuid())).toList();
        edited.clear();
        if (missing.isEmpty() || lookingAgain) {
            lookingAgain = false;
            return fresh;
        }
        List<SearchResult> kept = new ArrayList<>(fresh);
        for (SearchResult result : missing) {
            int at = 0;
            while (at < kept.size() && !kept.get(at).at().isBefore(result.at())) {
                at++;
            }
            kept.add(at, result);
            edited.add(result.messageUuid());
        }
        lookingAgain = true;
        refreshLater(LOOK_AGAIN_DELAY);
        return kept;
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
        if (refreshing != null) {
            refreshing.cancel();
            refreshing = null;
        }
        refetching = false;
        edited.clear();
        lookingAgain = false;
        results.clear();
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
        return results.view();
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
