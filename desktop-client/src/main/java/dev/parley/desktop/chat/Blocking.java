package dev.parley.desktop.chat;

import dev.parley.desktop.net.ChatApi;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Whom the user blocked, and what it means for the open chat: a direct chat with a blocked person takes no messages
 * until they are unblocked (a notice says so), and its menu offers Block or Unblock; a group has no block. FX thread
 * only: answers hop over through {@code fx}.
 */
final class Blocking {

    private final ChatApi api;
    private final Executor fx;
    private final Supplier<ChatItem> open;
    private final Consumer<Throwable> onFailure;
    private final Runnable changed;
    private final Set<String> users = new HashSet<>();
    private final ReadOnlyBooleanWrapper blocked = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper action = new ReadOnlyStringWrapper("");

    /** {@code open} says which chat is open; {@code changed} runs after each {@link #refresh()}. */
    Blocking(ChatApi api, Executor fx, Supplier<ChatItem> open, Consumer<Throwable> onFailure, Runnable changed) {
        this.api = api;
        this.fx = fx;
        this.open = open;
        this.onFailure = onFailure;
        this.changed = changed;
    }

    /** Asks the server whom the user blocked, replacing what was known. */
    void load() {
        api.blockedUsers().whenComplete((list, failure) -> fx.execute(() -> {
            if (failure == null) {
                users.clear();
                list.forEach(user -> users.add(user.username()));
                refresh();
            } else {
                onFailure.accept(failure);
            }
        }));
    }

    /** Blocks ({@code block}) or unblocks the other person of the open chat; completes when the server answered. */
    CompletableFuture<Void> change(boolean block) {
        ChatItem chat = open.get();
        if (chat == null) {
            return CompletableFuture.completedFuture(null);
        }
        String peer = chat.peer();
        CompletableFuture<Void> done = new CompletableFuture<>();
        (block ? api.block(peer) : api.unblock(peer)).whenComplete((ok, failure) -> fx.execute(() -> {
            if (failure == null) {
                if (block) {
                    users.add(peer);
                } else {
                    users.remove(peer);
                }
                refresh();
            } else {
                onFailure.accept(failure);
            }
            done.complete(null);
        }));
        return done;
    }

    /** The server says the user blocked or unblocked {@code username} (on any of their devices). */
    void changed(String username, boolean block) {
        boolean known = block ? users.add(username) : users.remove(username);
        if (known) {
            refresh();
        }
    }

    /** Says it again for the chat open now (another one opened, or the block changed). */
    void refresh() {
        ChatItem chat = open.get();
        boolean direct = chat != null && !chat.group();
        boolean isBlocked = direct && users.contains(chat.peer());
        blocked.set(isBlocked);
        // Named as the chat is (their display name where they set one); the block itself is by username.
        notice.set(direct ? "You blocked " + chat.name() + ". Unblock to send a message." : "");
        action.set(direct ? (isBlocked ? "Unblock " : "Block ") + chat.name() : "");
        changed.run();
    }

    ReadOnlyBooleanProperty blockedProperty() {
        return blocked.getReadOnlyProperty();
    }

    ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    ReadOnlyStringProperty actionProperty() {
        return action.getReadOnlyProperty();
    }
}
