package dev.parley.desktop.chat;

import dev.parley.desktop.common.Scheduler;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.RoomView;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * My own settings of a chat, the commands of its menus: pin, mute (8 hours, a week, always), archive, mark as unread,
 * clear. The server stores them so that every device of mine agrees; its answer (and the room frame my other devices
 * get) updates the chat. A refusal (a fourth pin) is said in {@link #refusalProperty} for a few seconds. Reading a
 * chat marked unread clears the mark. FX thread only.
 */
public final class ChatSettings {

    public static final Duration EIGHT_HOURS = Duration.ofHours(8);
    public static final Duration ONE_WEEK = Duration.ofDays(7);
    private static final Duration REFUSAL_SHOWN = Duration.ofSeconds(6);

    private final ChatApi api;
    private final ChatListViewModel chats;
    private final Executor fx;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Consumer<Throwable> onFailure;
    private final ReadOnlyStringWrapper refusal = new ReadOnlyStringWrapper("");
    private final Consumer<ChatItem> reader;
    private Scheduler.Cancellable refusalTimer;

    ChatSettings(ChatApi api, ChatListViewModel chats, ConversationViewModel conversation, Executor fx,
                 Scheduler scheduler, Clock clock, Consumer<Throwable> onFailure) {
        this.api = api;
        this.chats = chats;
        this.fx = fx;
        this.scheduler = scheduler;
        this.clock = clock;
        this.onFailure = onFailure;
        this.reader = conversation::markRead;
        conversation.setOnRead(chat -> {
            if (chat.markedUnread()) {
                markUnread(chat, false);
            }
        });
    }

    public CompletableFuture<Boolean> pin(ChatItem chat, boolean pin) {
        return change(chat, Map.of("pinned", pin));
    }

    /** Mutes the chat for {@code duration}, or for good when it is null. */
    public CompletableFuture<Boolean> mute(ChatItem chat, Duration duration) {
        return change(chat, Map.of("muted_until", duration == null ? RoomView.FOREVER
                : clock.instant().plus(duration).toString()));
    }

    public CompletableFuture<Boolean> unmute(ChatItem chat) {
        Map<String, Object> changes = new HashMap<>();
        changes.put("muted_until", null);
        return change(chat, changes);
    }

    public CompletableFuture<Boolean> archive(ChatItem chat, boolean archive) {
        return change(chat, Map.of("archived", archive));
    }

    public CompletableFuture<Boolean> markUnread(ChatItem chat, boolean unread) {
        return change(chat, Map.of("marked_unread", unread));
    }

    /** Mark as read: reads the chat (its unread count goes, the others see my read) and drops my unread mark. */
    public void markRead(ChatItem chat) {
        if (chat.markedUnread()) {
            markUnread(chat, false);
        }
        reader.accept(chat);
    }

    /**
     * Ctrl+Alt+Shift+U (WhatsApp's): a chat with something unread (or marked unread) is marked read, any other is
     * marked unread, as its menu's one "Mark as read" / "Mark as unread" item would.
     */
    public void toggleRead(ChatItem chat) {
        if (chat == null) {
            return;
        }
        if (chat.unread() > 0 || chat.markedUnread()) {
            markRead(chat);
        } else {
            markUnread(chat, true);
        }
    }

    /** Hides the chat's history up to now from me (on all my devices; the others keep theirs). */
    public CompletableFuture<Boolean> clear(ChatItem chat) {
        return change(chat, Map.of("cleared_seq", chat.lastSeq()));
    }

    /** Whether the chat is muted now. */
    public boolean muted(ChatItem chat) {
        return chat.muted(clock.instant());
    }

    /** Why the last change was refused, for a few seconds; else empty. */
    public ReadOnlyStringProperty refusalProperty() {
        return refusal.getReadOnlyProperty();
    }

    /** Completes with true once the server stored the change (the chat shows it), false when it was refused. */
    private CompletableFuture<Boolean> change(ChatItem chat, Map<String, Object> changes) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        api.chatSettings(chat.roomUuid(), changes).whenComplete((room, failure) -> fx.execute(() -> {
            if (failure == null) {
                chats.upsert(room);
                done.complete(true);
                return;
            }
            ApiException error = ApiException.of(failure);
            if (error.status() == 401) {
                onFailure.accept(failure);
            } else {
                refused(Refusal.text(failure));
            }
            if (error.outcomeUnknown()) { // maybe stored: the chat as the server has it now shows whether
                api.room(chat.roomUuid()).thenAccept(now -> fx.execute(() -> chats.upsert(now)));
            }
            done.complete(false);
        }));
        return done;
    }

    private void refused(String message) {
        refusal.set(message == null || message.isBlank() ? "That change could not be made." : capitalised(message));
        if (refusalTimer != null) {
            refusalTimer.cancel();
        }
        refusalTimer = scheduler.schedule(REFUSAL_SHOWN, () -> refusal.set(""));
    }

    private static String capitalised(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1) + (text.endsWith(".") ? "" : ".");
    }
}
