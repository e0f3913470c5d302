package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.common.Scheduler;
import dev.parley.desktop.net.ChatApi;
import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.LimitsView;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.InvalidationListener;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.StringProperty;

/**
 * The open conversation, as its view sees it: which chat is open, whether I can write to it (not blocked, still a
 * member: a group I am no longer a member of says so and sends nothing), read receipts for the chat in front of a
 * focused window, and the commands made there, handed to the parts that own them and kept in step when another chat
 * opens: {@link ConversationHeader}, {@link Composer} with {@link Drafts} and {@link TypingSignal},
 * {@link MessageActions} (send, reply, react, edit, delete for everyone), {@link HistoryLoader} (older pages, the
 * jump to a quoted message) and {@link Blocking}. FX thread only: network callbacks hop over through {@code fx}.
 */
public final class ConversationViewModel {

    /**
     * How long the note under a message whose action the server refused stays once the user can see it (its chat
     * open in a focused window), as a passing notice; acting on the message again takes it away at once.
     */
    public static final Duration REFUSAL_SHOWN = Duration.ofSeconds(6);

    /** A refusal's note on a message of a chat, waiting to be in front of the user: see {@link #REFUSAL_SHOWN}. */
    private record Refusal(ChatItem chat, long which) {
    }

    private final String me;
    private final ChatApi api;
    private final ChatConnection socket;
    private final ConnectionStatus connection;
    private final Executor fx;
    private final Scheduler scheduler;
    private final Map<MessageItem, Refusal> unseenRefusals = new LinkedHashMap<>();
    private final ReadOnlyObjectWrapper<ChatItem> chat = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<UnreadMark> unreadMark = new ReadOnlyObjectWrapper<>();
    private final BooleanProperty windowFocused = new SimpleBooleanProperty(true);
    private final ReadOnlyBooleanWrapper canSend = new ReadOnlyBooleanWrapper();
    /** Why the draft cannot go (too long: by how much), or empty. */
    private final ReadOnlyStringWrapper lengthNotice = new ReadOnlyStringWrapper("");
    /** The longest message the server takes, in code points (its limits; the defaults until it told them). */
    private int maxContent = MessageActions.DEFAULT_LIMITS.maxContentLength();
    private final ReadOnlyBooleanWrapper group = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper notMember = new ReadOnlyBooleanWrapper();
    private final Blocking blocking;
    private final ConversationHeader header;
    private final Composer composer = new Composer();
    private final Drafts drafts;
    private final FrequentEmoji frequentEmoji;
    private final HistoryLoader history;
    private final MessageActions actions;
    private final TypingSignal typingSignal;
    private final Uploads uploads;
    private final InvalidationListener membershipListener = obs -> refreshMembership();
    /** The open chat's person changed their display name: the block entry and notice name them anew. */
    private final InvalidationListener nameListener = obs -> refreshBlocking();
    private Consumer<Throwable> onFailure = failure -> { };
    private Consumer<ChatItem> onRead = chat -> { };

    public ConversationViewModel(String me, ChatApi api, ChatConnection socket, ConnectionStatus connection,
                                 Outbox<MessageItem> outbox, Executor fx, Scheduler scheduler, Clock clock,
                                 Formats formats) {
        this(me, api, socket, connection, outbox, fx, scheduler, clock, formats, DraftStore.NONE);
    }

    /** Drafts are read from {@code draftStore} now and written back on every chat switch, send and stop. */
    public ConversationViewModel(String me, ChatApi api, ChatConnection socket, ConnectionStatus connection,
                                 Outbox<MessageItem> outbox, Executor fx, Scheduler scheduler, Clock clock,
                                 Formats formats, DraftStore draftStore) {
        this(me, api, socket, connection, outbox, fx, scheduler, clock, formats, draftStore, FrequentEmoji.Store.NONE);
    }

    /** As above; the emoji I send and react with are counted in {@code emojiStore} (the picker's first row). */
    public ConversationViewModel(String me, ChatApi api, ChatConnection socket, ConnectionStatus connection,
                                 Outbox<MessageItem> outbox, Executor fx, Scheduler scheduler, Clock clock,
                                 Formats formats, DraftStore draftStore, FrequentEmoji.Store emojiStore) {
        this.me = me;
        this.frequentEmoji = new FrequentEmoji(emojiStore, clock);
        this.drafts = new Drafts(draftStore);
        this.api = api;
        this.socket = socket;
        this.connection = connection;
        this.fx = fx;
        this.scheduler = scheduler;
        this.header = new ConversationHeader(formats, chat::get);
        this.actions = new MessageActions(me, socket, connection, outbox, clock);
        this.typingSignal = new TypingSignal(socket, connection, clock);
        // onFailure is read at each failure: the app sets it after construction.
        this.history = new HistoryLoader(api, fx, chat::get, failure -> onFailure.accept(failure),
                this::markReadIfShowing);
        this.blocking = new Blocking(api, fx, chat::get, failure -> onFailure.accept(failure), this::refreshCanSend);
        this.uploads = new Uploads(api, fx, scheduler, () -> chat.get().roomUuid());
        uploads.readyProperty().addListener(obs -> refreshCanSend());
        uploads.items().addListener((javafx.collections.ListChangeListener<Upload>) change -> refreshCanSend());
        chat.addListener((obs, old, now) -> switched(old, now));
        composer.textProperty().addListener((obs, old, text) -> {
            refreshCanSend();
            if (composer.typing(text)) {
                typingSignal.typed(chat.get());
            }
        });
        windowFocused.addListener((obs, was, focused) -> markReadIfShowing());
    }

    /**
     * Shows a chat at its newest messages: loads its newest page on first open (or when it was left at an older
     * message) and reads what is there.
     */
    public void open(ChatItem next) {
        if (next == null || next == chat.get()) {
            return;
        }
        switchTo(next);
        UnreadMark mark = unreadMark.get();
        history.loadLatest(next, mark == null ? HistoryLoader.PAGE : mark.count() + HistoryLoader.PAGE);
        markReadIfShowing();
    }

    /**
     * Shows a chat at its stored message {@code seq} (a search result), highlighted, with the history around it (see
     * {@link HistoryLoader#show}); completes with that message, or null when it is not to be had.
     */
    public CompletableFuture<MessageItem> openAt(ChatItem next, long seq) {
        if (next == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (next != chat.get()) {
            switchTo(next);
        }
        CompletableFuture<MessageItem> found = history.show(next, seq);
        markReadIfShowing();
        return found;
    }

    private void switchTo(ChatItem next) {
        // Remembered before reading moves the watermark: the chat opens at its first unread message.
        unreadMark.set(next.unread() > 0 ? new UnreadMark(next.myReadSeq(), next.unread()) : null);
        composer.cancel(); // a reply or an edit belongs to the chat it was started in
        chat.set(next);
    }

    /**
     * Back to the open chat's newest messages from an older one it was opened at (the button, or sending); completes
     * once they are loaded.
     */
    public CompletableFuture<Void> showLatest() {
        ChatItem open = chat.get();
        return open == null ? CompletableFuture.completedFuture(null) : history.loadLatest(open);
    }

    /** The chat's history was forgotten (see {@link ChatItem#forgetHistory()}): the open one loads its newest again. */
    void reloadIfOpen(ChatItem forgotten) {
        if (forgotten == chat.get()) {
            composer.storedMessagesGone();
            history.loadLatest(forgotten);
        }
    }

    /** Learns whom the user blocked (at start: blocks made elsewhere are known from here on). */
    public void loadBlocked() {
        blocking.load();
    }

    /** The user blocked or unblocked {@code username} (on this device or another): the open chat shows it now. */
    void blockChanged(String username, boolean blocked) {
        blocking.changed(username, blocked);
    }

    /** Blocks the other person of the open chat (the view asks for confirmation first). */
    public CompletableFuture<Void> block() {
        return blocking.change(true);
    }

    /** Unblocks the other person of the open chat. */
    public CompletableFuture<Void> unblock() {
        return blocking.change(false);
    }

    /** The open group's membership changed (or another chat opened): a former member sends nothing. */
    private void refreshMembership() {
        ChatItem open = chat.get();
        group.set(open != null && open.group());
        notMember.set(open != null && !open.isMember());
        refreshCanSend();
    }

    private void refreshCanSend() {
        String text = composer.text();
        boolean hasText = text != null && !text.isBlank();
        boolean files = !uploads.isEmpty();
        // Counted as the server counts it: the trimmed text's code points. Past the limit the draft stays, says why
        // (by how much) and does not go.
        int length = text == null ? 0 : text.strip().codePointCount(0, text.strip().length());
        boolean tooLong = length > maxContent;
        lengthNotice.set(tooLong ? String.format(java.util.Locale.ROOT, "Message is too long: %,d / %,d characters",
                length, maxContent) : "");
        // With files, every one must be uploaded; the text is then an optional caption (never while editing).
        canSend.set(canWrite() && !tooLong
                && (files ? uploads.readyProperty().get() && composer.edited() == null : hasText));
    }

    /** Whether the open chat takes messages from me: not blocked, still a member. */
    private boolean canWrite() {
        return !blocking.blockedProperty().get() && !notMember.get();
    }

    /**
     * Enter: sends the draft (as a reply to the message replied to, if any) and empties the composer; while editing,
     * saves the edit instead and gives the composer back the draft it had.
     */
    public void send() {
        if (!canSend.get()) {
            return;
        }
        String text = composer.text();
        MessageItem edited = composer.edited();
        if (edited != null) {
            actions.edit(chat.get(), edited, text.strip());
            composer.cancel();
            return;
        }
        history.loadLatest(chat.get()); // a message goes after the newest: show them when opened at an older one
        unreadMark.set(null); // answered: what was unread is read, and my message goes under it (as WhatsApp does)
        frequentEmoji.sent(text);
        if (uploads.isEmpty()) {
            actions.send(chat.get(), text, composer.replyTo());
        } else {
            actions.send(chat.get(), text, composer.replyTo(), uploads.uuids(), uploads.views());
            uploads.clear();
        }
        composer.cancel();
        composer.textProperty().set("");
        typingSignal.sent();
        keepDraft();
    }

    /** Attaches files to the message being written (the attach button, a drop, a paste): they upload at once. */
    public void attach(List<java.nio.file.Path> files) {
        if (chat.get() != null && canWrite() && composer.edited() == null && !files.isEmpty()) {
            uploads.add(files);
        }
    }

    /** Takes a file off the message being written, aborting its upload. */
    public void removeUpload(Upload upload) {
        uploads.remove(upload);
    }

    /** Tries a failed upload again (see {@link Upload#retryable()}). */
    public void retryUpload(Upload upload) {
        uploads.retry(upload);
    }

    /** The files attached to the message being written: the preview over the composer. */
    public javafx.collections.ObservableList<Upload> uploads() {
        return uploads.items();
    }

    /** Why a file was not attached (too large, too many); empty otherwise. */
    public ReadOnlyStringProperty uploadNoticeProperty() {
        return uploads.noticeProperty();
    }

    /** The bytes of a thumbnail or photo at {@code url} (fetched with the session's token). */
    public CompletableFuture<byte[]> fetch(String url) {
        return api.fetch(url);
    }

    /** The photo viewer over the open chat's photos (its older history paged in as needed), starting at {@code first}. */
    public PhotoViewerViewModel photoViewer(dev.parley.protocol.AttachmentView first) {
        return new PhotoViewerViewModel(chat.get(), first, history::loadOlder);
    }

    /** Save as…: streams {@code attachment} to {@code target}, off the FX thread. */
    public Download download(dev.parley.protocol.AttachmentView attachment, java.nio.file.Path target) {
        return new Download(api, fx, attachment, target);
    }

    /** Writes the drafts down, the open chat's included (the app calls it when the window goes). */
    public void keepDraft() {
        ChatItem open = chat.get();
        if (open != null) {
            drafts.put(open, composer.draft());
        }
        drafts.save();
    }

    /** Has the chat list show {@code listed}'s draft (a chat it has just added; see {@link ChatItem#draftProperty}). */
    void showDraft(ChatItem listed) {
        drafts.show(listed, listed == chat.get());
    }

    /** Signing out of this device leaves none of the user's unsent text behind, nor which emoji they use most. */
    public void forgetDrafts() {
        composer.cancel();
        drafts.forget();
        frequentEmoji.forget();
        composer.replaceText("");
    }

    /** Scrolling up: see {@link HistoryLoader#loadOlder()}. */
    public CompletableFuture<Void> loadOlder() {
        return history.loadOlder();
    }

    /** Scrolling down in a chat opened at an older message: see {@link HistoryLoader#loadNewer()}. */
    public CompletableFuture<Void> loadNewer() {
        return history.loadNewer();
    }

    /** The server's limits (fetched once after sign-in): how long after sending edit and delete are offered. */
    void limits(LimitsView limits) {
        maxContent = limits.maxContentLength();
        refreshCanSend();
        actions.limits(limits);
        uploads.limits(limits);
    }

    /** Whether {@code item} offers Reply (and React): a stored message, not deleted, in a chat I can write to. */
    public boolean canReply(MessageItem item) {
        return actions.canAnswer(chat.get(), item, canWrite());
    }

    public boolean canReact(MessageItem item) {
        return canReply(item);
    }

    /** Whether {@code item} offers Edit: mine, not deleted, within the server's edit window. */
    public boolean canEdit(MessageItem item) {
        return actions.canEdit(chat.get(), item, canWrite());
    }

    /** Whether {@code item} offers "Delete for everyone" (see {@link MessageActions#canDelete}). */
    public boolean canDelete(MessageItem item) {
        return actions.canDelete(chat.get(), item);
    }

    /** The emoji the reaction menu offers. */
    public List<String> reactionChoices() {
        return MessageActions.REACTIONS;
    }

    /** The composer picker's "Frequently used" row: the emoji I send and react with most, at first the reactions. */
    public List<String> frequentEmoji() {
        return frequentEmoji.row();
    }

    /** My reaction to {@code item}, or null. */
    public String myReaction(MessageItem item) {
        return item.reactionOf(me);
    }

    /** Whether {@code user} is me ("You" in a reaction's tooltip). */
    public boolean isMe(String user) {
        return me.equals(user);
    }

    /** Reply: the composer answers {@code item} (the bar over it quotes it) until sent or cancelled (Esc). */
    public void reply(MessageItem item) {
        if (canReply(item)) {
            composer.reply(item);
        }
    }

    /**
     * Edit: the composer holds {@code item}'s text until Enter saves it or Esc cancels; the draft it had comes
     * back either way. False when {@code item} may not be edited.
     */
    public boolean edit(MessageItem item) {
        if (!canEdit(item)) {
            return false;
        }
        composer.edit(item);
        return true;
    }

    /** Up in an empty composer: edits my newest message that may still be edited; false when there is none. */
    public boolean editLast() {
        ChatItem open = chat.get();
        return open != null && composer.editNewest(open.messages(), this::canEdit);
    }

    /** Esc: ends replying or editing (an edit's draft comes back); false when the composer was just writing. */
    public boolean cancelComposerMode() {
        return composer.cancel();
    }

    /** Deletes {@code item} for everyone (the view asks for confirmation first). */
    public void delete(MessageItem item) {
        if (canDelete(item)) {
            actions.delete(chat.get(), item);
        }
    }

    /** Sets my reaction to {@code item}; choosing the one I have removes it. */
    public void react(MessageItem item, String emoji) {
        if (canReact(item)) {
            boolean takenBack = emoji == null || emoji.equals(item.reactionOf(me));
            actions.react(chat.get(), item, emoji);
            frequentEmoji.reacted(takenBack ? null : emoji);
        }
    }

    /** A click on a reaction under a message: mine is taken back, anyone else's becomes mine. */
    public void toggleReaction(MessageItem item, String emoji) {
        react(item, emoji);
    }

    /** A click on a quote: finds and highlights its original (see {@link HistoryLoader#jumpTo}), or null. */
    public CompletableFuture<MessageItem> jumpTo(long seq) {
        return history.jumpTo(seq);
    }

    /** The highlight of a message jumped to has had its moment (the view calls it after a while). */
    public void clearHighlight(MessageItem item) {
        history.clearHighlight(item);
    }

    /** Whether {@code item} offers "Message info": one of mine, stored, not deleted, in a group. */
    public boolean hasInfo(MessageItem item) {
        ChatItem open = chat.get();
        return open != null && open.group() && item.mine() && !item.pending() && !item.event() && !item.deleted();
    }

    /**
     * What the message-info shortcut shows: {@code focused} (the message the keyboard is on) when it offers info,
     * nothing for any other focused message, and with none focused the newest of mine that offers it; else null.
     */
    public MessageItem infoTarget(MessageItem focused) {
        ChatItem open = chat.get();
        if (focused != null || open == null) {
            return focused != null && hasInfo(focused) ? focused : null;
        }
        return open.messages().reversed().stream().filter(this::hasInfo).findFirst().orElse(null);
    }

    /** The "Message info" of one of my messages in the open group. */
    public MessageInfoViewModel messageInfo(MessageItem item) {
        return new MessageInfoViewModel(me, api, fx, chat.get(), item);
    }

    /** In front of the user: open here and the window has focus. */
    boolean isShowing(ChatItem candidate) {
        return candidate == chat.get() && windowFocused.get();
    }

    /**
     * The server refused my action on {@code item} of {@code chat} (refusal {@code which}, see
     * {@link MessageItem#actionRefused}): its note stays {@link #REFUSAL_SHOWN} once the user can see it.
     */
    void refused(ChatItem chat, MessageItem item, long which) {
        if (which > 0) {
            unseenRefusals.put(item, new Refusal(chat, which));
            if (isShowing(chat)) {
                showRefusals(chat);
            }
        }
    }

    /** The notes of the chat now in front of the user start their time. */
    private void showRefusals(ChatItem open) {
        unseenRefusals.entrySet().removeIf(entry -> {
            if (entry.getValue().chat() != open) {
                return false;
            }
            MessageItem item = entry.getKey();
            long which = entry.getValue().which();
            scheduler.schedule(REFUSAL_SHOWN, () -> item.dismissRefusal(which));
            return true;
        });
    }

    /** Read receipts (and the time of refusal notes) only for the chat in front of a focused window. */
    void markReadIfShowing() {
        ChatItem open = chat.get();
        if (open == null || !windowFocused.get()) {
            return;
        }
        showRefusals(open);
        open.clearUnread();
        onRead.accept(open);
        // A former member's read would be refused: the server keeps their watermark where they left.
        if (open.isMember() && connection.online() && open.lastSeq() > open.myReadSeq()) {
            socket.send(new ClientFrame.Read(open.roomUuid(), open.lastSeq()));
            open.myRead(open.lastSeq());
        }
    }

    /** Reads {@code chat} up to its newest message (Mark as read, from a menu), shown or not. */
    void markRead(ChatItem chat) {
        chat.clearUnread();
        if (chat.isMember() && connection.online() && chat.lastSeq() > chat.myReadSeq()) {
            socket.send(new ClientFrame.Read(chat.roomUuid(), chat.lastSeq()));
            chat.myRead(chat.lastSeq());
        }
    }

    /** Told of every chat read in front of the user (a chat marked unread is then read: see ChatSettings). */
    void setOnRead(Consumer<ChatItem> onRead) {
        this.onRead = onRead;
    }

    /** Where a failed call goes (an expired session ends everything). */
    void setOnFailure(Consumer<Throwable> onFailure) {
        this.onFailure = onFailure;
    }

    /** A call made for the conversation by one of its helpers failed (see {@link #setOnFailure}). */
    void failed(Throwable failure) {
        onFailure.accept(failure);
    }

    private void switched(ChatItem old, ChatItem next) {
        uploads.clear(); // the files belong to the message being written in the chat left
        if (old != null) {
            drafts.put(old, composer.text());
            drafts.save();
            drafts.show(old, false);
            old.memberProperty().removeListener(membershipListener);
            old.nameProperty().removeListener(nameListener);
        }
        if (next != null) {
            next.memberProperty().addListener(membershipListener);
            next.nameProperty().addListener(nameListener);
            drafts.show(next, true);
        }
        header.follow(old, next);
        composer.replaceText(next == null ? "" : drafts.of(next));
        refreshMembership();
        blocking.refresh();
        header.refresh();
    }

    private void refreshBlocking() {
        blocking.refresh();
    }

    /** Call again every minute or so: "last seen" words are relative to today. */
    public void refreshHeader() {
        header.refresh();
    }

    /** Where the open chat's unread messages started when it was opened; null when it had none. */
    public ReadOnlyObjectProperty<UnreadMark> unreadMarkProperty() {
        return unreadMark.getReadOnlyProperty();
    }

    /** The open chat, or null. */
    public ReadOnlyObjectProperty<ChatItem> chatProperty() {
        return chat.getReadOnlyProperty();
    }

    /** Whether the window has focus: bound to the stage by the app. */
    public BooleanProperty windowFocusedProperty() {
        return windowFocused;
    }

    public ReadOnlyStringProperty titleProperty() {
        return header.titleProperty();
    }

    public ReadOnlyStringProperty subtitleProperty() {
        return header.subtitleProperty();
    }

    public ReadOnlyBooleanProperty typingProperty() {
        return header.typingProperty();
    }

    /** The name to show for {@code username} in the open chat: their display name where set, else the username. */
    public String shownName(String username) {
        ChatItem chat = chatProperty().get();
        return chat == null ? username : chat.shownName(username);
    }

    /** Whether the open chat is a group (group info, sender names, no blocking). */
    public ReadOnlyBooleanProperty groupProperty() {
        return group.getReadOnlyProperty();
    }

    /**
     * Whether the open chat is a group I left or was removed from: "You are no longer a member of this group" over a
     * composer that sends nothing.
     */
    public ReadOnlyBooleanProperty notMemberProperty() {
        return notMember.getReadOnlyProperty();
    }

    /** Whether the user blocked the other person of the open chat: nothing can be sent until they unblock. */
    public ReadOnlyBooleanProperty blockedProperty() {
        return blocking.blockedProperty();
    }

    /** What the notice over the composer says while blocked. */
    public ReadOnlyStringProperty blockNoticeProperty() {
        return blocking.noticeProperty();
    }

    /** The chat menu's entry: "Block bob" or "Unblock bob". */
    public ReadOnlyStringProperty blockActionProperty() {
        return blocking.actionProperty();
    }

    /** "Message is too long: 12,345 / 12,000 characters" while the draft is over the server's limit, else empty. */
    public ReadOnlyStringProperty lengthNoticeProperty() {
        return lengthNotice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canSendProperty() {
        return canSend.getReadOnlyProperty();
    }

    /** What the composer does: write, reply (the bar quotes the message) or edit (the bar says so). */
    public ReadOnlyObjectProperty<ComposerMode> composerModeProperty() {
        return composer.modeProperty();
    }

    /** The message replied to or edited; null while writing. */
    public ReadOnlyObjectProperty<MessageItem> composerTargetProperty() {
        return composer.targetProperty();
    }

    /** The bar's first line: who wrote the message replied to ("You" for mine), or "Edit message". */
    public ReadOnlyStringProperty composerTitleProperty() {
        return composer.titleProperty();
    }

    /** The bar's second line: the text of the message replied to or edited. */
    public ReadOnlyStringProperty composerQuoteProperty() {
        return composer.quoteProperty();
    }

    /** The message just jumped to from a quote, shown highlighted for a moment; null otherwise. */
    public ReadOnlyObjectProperty<MessageItem> highlightedProperty() {
        return history.highlightedProperty();
    }

    /** The composer's text: the one writable input. */
    public StringProperty draftProperty() {
        return composer.textProperty();
    }
}
