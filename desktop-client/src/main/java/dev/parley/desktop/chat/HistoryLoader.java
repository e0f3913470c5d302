package dev.parley.desktop.chat;

import dev.parley.desktop.net.ChatApi;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * Fetches chat history a page at a time: a chat's newest page when it opens unloaded, the page before the open chat's
 * oldest (one request per chat at a time), and as many as it takes to reach a quoted message, which it then
 * highlights. FX thread only: answers hop over through {@code fx}.
 */
final class HistoryLoader {

    static final int PAGE = 50;

    private final ChatApi api;
    private final Executor fx;
    private final Supplier<ChatItem> open;
    private final Consumer<Throwable> onFailure;
    private final Runnable latestLoaded;
    private final Map<ChatItem, CompletableFuture<Void>> loadingOlder = new HashMap<>();
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

    /** Loads the newest page of a chat whose history is not loaded (first opened, or forgotten). */
    void loadLatest(ChatItem chat) {
        if (chat.loaded()) {
            return;
        }
        chat.startLoading();
        api.messagesBefore(chat.roomUuid(), null, PAGE).whenComplete((page, failure) -> fx.execute(() -> {
            if (failure == null) {
                chat.addHistory(page, page.size() >= PAGE);
                latestLoaded.run();
            } else {
                onFailure.accept(failure);
            }
        }));
    }

    /** Fetches the page before the oldest loaded message of the open chat (the one on its way, if one is). */
    CompletableFuture<Void> loadOlder() {
        ChatItem chat = open.get();
        if (chat == null || !chat.loaded() || !chat.hasOlderProperty().get()) {
            return CompletableFuture.completedFuture(null);
        }
        if (loadingOlder.containsKey(chat)) {
            return loadingOlder.get(chat);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        loadingOlder.put(chat, done);
        api.messagesBefore(chat.roomUuid(), chat.oldestSeq(), PAGE).whenComplete((page, failure) -> fx.execute(() -> {
            loadingOlder.remove(chat);
            if (failure == null) {
                chat.addHistory(page, page.size() >= PAGE);
            } else {
                onFailure.accept(failure);
            }
            done.complete(null);
        }));
        return done;
    }

    /**
     * Finds the stored message {@code seq} of the open chat (a quote's original), loading older pages until it is loaded or there is none
     * older, and highlights it; completes with it, or null when it is not to be had (before I joined the group, or
     * another chat opened meanwhile).
     */
    CompletableFuture<MessageItem> jumpTo(long seq) {
        CompletableFuture<MessageItem> found = new CompletableFuture<>();
        seek(open.get(), seq, found);
        return found;
    }

    private void seek(ChatItem chat, long seq, CompletableFuture<MessageItem> found) {
        MessageItem item = chat == null || chat != open.get() ? null : chat.loadedMessage(seq);
        if (item != null) {
            highlighted.set(item);
            found.complete(item);
        } else if (chat != null && chat == open.get() && chat.loaded() && chat.hasOlderProperty().get()
                && chat.oldestSeq() > seq) {
            loadOlder().thenRun(() -> seek(chat, seq, found));
        } else {
            found.complete(null);
        }
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
