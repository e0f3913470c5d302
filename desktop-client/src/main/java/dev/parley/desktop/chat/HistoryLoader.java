package dev.parley.desktop.chat;

import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.MessageView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Fetches chat history a page at a time: a chat's newest page when it opens unloaded, the page before the open chat's
 * oldest and the page after its newest (one request each per chat at a time), and what it takes to show one message
 * (a quote's original, a search result), which it then highlights: the page before when the message is near, else a
 * window of pages around it that newer pages later join to the live end (see {@link MessageWindow}). A page that
 * arrives after the chat's history was replaced is dropped. FX thread only: answers hop over through {@code fx}.
 */
final class HistoryLoader {

    static final int PAGE = 50;
    /** The server's largest page. */
    static final int MAX_PAGE = 200;
    /** The messages fetched on each side of a message shown far back in a chat. */
    static final int AROUND = 25;

    /** The two pages around a message: up to and including it, and after it (both in ascending seq). */
    private record Around(List<MessageView> upTo, List<MessageView> after) {
    }

    private final ChatApi api;
    private final Executor fx;
    private final Supplier<ChatItem> open;
    private final Consumer<Throwable> onFailure;
    private final Runnable latestLoaded;
    private final Map<ChatItem, CompletableFuture<Void>> loadingOlder = new HashMap<>();
    private final Map<ChatItem, CompletableFuture<Void>> loadingNewer = new HashMap<>();
    private final ReadOnlyObjectWrapper<MessageItem> highlighted = new ReadOnlyObjectWrapper<>();

    /** {@code open} says which chat is open; {@code latestLoaded} runs when a newest page has arrived. */
    HistoryLoader(ChatApi api, Executor fx, Supplier<ChatItem> open, Consumer<Throwable> onFailure,
                  Runnable latestLoaded) {
        this.api = api;
        this.fx = fx;
        this.open = open;
        this.onFailure = onFailure;
        this.latestLoaded = latestLoaded;
    }

    /**
     * Shows a chat's newest messages: loads its newest page when its history is not loaded (first opened, or
     * forgotten) or stops short of the newest (detached: that window is forgotten). Completes once they are there.
     */
    CompletableFuture<Void> loadLatest(ChatItem chat) {
        return loadLatest(chat, PAGE);
    }

    /**
     * As {@link #loadLatest(ChatItem)}, reaching back at least {@code wanted} messages on a first load (up to the
     * server's largest page): a chat opened with more unread messages than a page holds loads back to the first of
     * them, else its divider sat above the oldest loaded one instead.
     */
    CompletableFuture<Void> loadLatest(ChatItem chat, int wanted) {
        int limit = Math.clamp(wanted, PAGE, MAX_PAGE);
        if (chat.hasNewerProperty().get()) {
            chat.forgetHistory();
        }
        if (chat.loaded()) {
            return CompletableFuture.completedFuture(null);
        }
        loadingOlder.remove(chat); // pages of the history forgotten: they will be dropped, and must not be waited for
        loadingNewer.remove(chat);
        chat.startLoading();
        long epoch = chat.historyEpoch();
        CompletableFuture<Void> done = new CompletableFuture<>();
        api.messagesBefore(chat.roomUuid(), null, limit).whenComplete((page, failure) -> fx.execute(() -> {
            if (chat.historyEpoch() != epoch) {
                done.complete(null); // forgotten or detached meanwhile: whoever did that loads what it needs
            } else if (failure == null) {
                chat.addHistory(page, page.size() >= limit);
                latestLoaded.run();
                done.complete(null);
            } else {
                onFailure.accept(failure);
                done.complete(null);
            }
        }));
        return done;
    }

    /** Fetches the page before the oldest loaded message of the open chat (the one on its way, if one is). */
    CompletableFuture<Void> loadOlder() {
        ChatItem chat = open.get();
        if (chat == null || !chat.loaded() || !chat.hasOlderProperty().get()) {
            return CompletableFuture.completedFuture(null);
        }
        return page(chat, loadingOlder, () -> api.messagesBefore(chat.roomUuid(), chat.oldestSeq(), PAGE),
                chat::addHistory);
    }

    /**
     * Fetches the page after the newest loaded message of the open chat while it stops short of the newest (the one
     * on its way, if one is); a short page joins it to the live end.
     */
    CompletableFuture<Void> loadNewer() {
        ChatItem chat = open.get();
        if (chat == null || !chat.hasNewerProperty().get()) {
            return CompletableFuture.completedFuture(null);
        }
        return page(chat, loadingNewer, () -> api.messagesAfter(chat.roomUuid(), chat.newestSeq(), PAGE),
                chat::addNewer);
    }

    /** Where a page goes, and whether it was full (there may be more beyond it). */
    private interface PageTaker {
        void take(List<MessageView> page, boolean full);
    }

    /**
     * Asks for a page for {@code chat} unless one is on its way ({@code pending}), and adds it when it comes, unless
     * the chat's history was replaced meanwhile.
     */
    private CompletableFuture<Void> page(ChatItem chat, Map<ChatItem, CompletableFuture<Void>> pending,
                                         Supplier<CompletableFuture<List<MessageView>>> request, PageTaker taker) {
        CompletableFuture<Void> onItsWay = pending.get(chat);
        if (onItsWay != null) {
            return onItsWay;
        }
        long epoch = chat.historyEpoch();
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.put(chat, done);
        request.get().whenComplete((page, failure) -> fx.execute(() -> {
            pending.remove(chat, done);
            if (failure != null) {
                onFailure.accept(failure);
            } else if (chat.historyEpoch() == epoch) {
                taker.take(page, page.size() >= PAGE);
            }
            done.complete(null);
        }));
        return done;
    }

    /**
     * Shows the stored message {@code seq} of the open chat {@code chat} and highlights it: at once when it is
     * loaded; after the pages before it when it is within a page of the oldest loaded one (or my unsent messages keep
     * the window at the live end); else in a window of its own around it. Completes with it, or null when it is not
     * to be had (deleted, before I joined the group, or another chat opened meanwhile).
     */
    CompletableFuture<MessageItem> show(ChatItem chat, long seq) {
        CompletableFuture<MessageItem> found = new CompletableFuture<>();
        MessageItem item = chat.loadedMessage(seq);
        if (item != null) {
            highlighted.set(item);
            found.complete(item);
        } else if (chat.hasPending()) {
            loadLatest(chat).thenRun(() -> seek(chat, seq, found));
        } else if (chat.loaded() && !chat.hasNewerProperty().get() && chat.oldestSeq() - seq <= PAGE) {
            seek(chat, seq, found); // seqs count at least the messages between: one page reaches it
        } else {
            loadAround(chat, seq, found);
        }
        return found;
    }

    /**
     * Finds the stored message {@code seq} of the open chat (a quote's original): see {@link #show}. Completes with
     * it, or null.
     */
    CompletableFuture<MessageItem> jumpTo(long seq) {
        ChatItem chat = open.get();
        return chat == null ? CompletableFuture.completedFuture(null) : show(chat, seq);
    }

    /** Loads older pages until {@code seq} is loaded or there is none older, then highlights it. */
    private void seek(ChatItem chat, long seq, CompletableFuture<MessageItem> found) {
        MessageItem item = chat != open.get() ? null : chat.loadedMessage(seq);
        if (item != null) {
            highlighted.set(item);
            found.complete(item);
        } else if (chat == open.get() && chat.loaded() && chat.hasOlderProperty().get() && chat.oldestSeq() > seq) {
            loadOlder().thenRun(() -> seek(chat, seq, found));
        } else {
            found.complete(null);
        }
    }

    /** Replaces the loaded history with the pages just before and after {@code seq}, then highlights it. */
    private void loadAround(ChatItem chat, long seq, CompletableFuture<MessageItem> found) {
        long epoch = chat.detachHistory();
        loadingOlder.remove(chat);
        loadingNewer.remove(chat);
        CompletableFuture<List<MessageView>> upTo = api.messagesBefore(chat.roomUuid(), seq + 1, AROUND);
        CompletableFuture<List<MessageView>> after = api.messagesAfter(chat.roomUuid(), seq, AROUND);
        upTo.thenCombine(after, Around::new).whenComplete((around, failure) -> fx.execute(() -> {
            if (chat.historyEpoch() != epoch) {
                found.complete(null); // another message was asked for, or the history was forgotten, meanwhile
                return;
            }
            if (failure != null) {
                onFailure.accept(failure);
                loadLatest(chat); // not an empty window: back to the newest messages
                found.complete(null);
                return;
            }
            chat.addHistory(around.upTo(), around.upTo().size() >= AROUND);
            chat.addNewer(around.after(), around.after().size() >= AROUND);
            MessageItem item = chat == open.get() ? chat.loadedMessage(seq) : null;
            if (item != null) {
                highlighted.set(item);
            }
            found.complete(item);
        }));
    }

    /** The highlight of a message jumped to has had its moment. */
    void clearHighlight(MessageItem item) {
        if (highlighted.get() == item) {
            highlighted.set(null);
        }
    }

    ReadOnlyObjectProperty<MessageItem> highlightedProperty() {
        return highlighted.getReadOnlyProperty();
    }
}
