package dev.parley.desktop.chat;

import dev.parley.desktop.net.ChatConnection;
import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.LimitsView;
import dev.parley.protocol.MessageView;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What may be done with messages and the doing of it: the server's rules, foreseen so the menu offers only what the
 * server would accept (reply and react to any message that is not an event and not deleted; edit my own within the
 * edit window; delete for everyone my own within the delete window, or any message of a group I administer), and
 * send, edit, delete and react themselves, which go out through the {@link Outbox} (queued while offline, resent with
 * the same client id) and show at once until the server answers. FX thread only.
 */
public final class MessageActions {

    /** The server's limits until it has told its own (its defaults). */
    public static final LimitsView DEFAULT_LIMITS = new LimitsView(900, 172_800, 12_000, 1024);

    /** The reactions the menu offers, as WhatsApp's quick ones and a few more. */
    public static final List<String> REACTIONS = List.of("👍", "❤️", "😂", "😮", "😢", "🙏", "🎉", "🔥", "👏", "👎");

    private final String me;
    private final ChatConnection socket;
    private final ConnectionStatus connection;
    private final Outbox<MessageItem> outbox;
    private final Clock clock;
    private LimitsView limits = DEFAULT_LIMITS;

    MessageActions(String me, ChatConnection socket, ConnectionStatus connection, Outbox<MessageItem> outbox,
                   Clock clock) {
        this.me = me;
        this.socket = socket;
        this.connection = connection;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The server's limits (fetched once after sign-in). */
    void limits(LimitsView serverLimits) {
        limits = serverLimits;
    }

    /** Reply and react: a stored message (not an event), not deleted, in a chat I can write to. */
    boolean canAnswer(ChatItem chat, MessageItem item, boolean canWrite) {
        return canWrite && chat != null && chat.isMember() && stored(item);
    }

    /** Edit: my own stored message, not deleted, within the edit window, in a chat I can write to. */
    boolean canEdit(ChatItem chat, MessageItem item, boolean canWrite) {
        return canAnswer(chat, item, canWrite) && item.mine() && within(item, limits.editWindowSeconds());
    }

    /** Delete for everyone: my own within the delete window, or, in a group I administer, anyone's at any time. */
    boolean canDelete(ChatItem chat, MessageItem item) {
        if (chat == null || !chat.isMember() || !stored(item)) {
            return false;
        }
        if (item.mine() && within(item, limits.deleteWindowSeconds())) {
            return true;
        }
        Member mine = chat.group() ? chat.member(me) : null;
        return mine != null && mine.admin();
    }

    private static boolean stored(MessageItem item) {
        return item != null && !item.pending() && !item.event() && !item.deleted();
    }

    private boolean within(MessageItem item, long seconds) {
        return item.createdAt() != null
                && Duration.between(item.createdAt(), clock.instant()).compareTo(Duration.ofSeconds(seconds)) < 0;
    }

    /**
     * A new message into {@code chat}, answering {@code replyTo} (or none): shown at once with a clock, sent now or
     * when the connection is back. Blank text sends nothing.
     */
    void send(ChatItem chat, String text, MessageItem replyTo) {
        send(chat, text, replyTo, List.of(), List.of());
    }

    /**
     * A message carrying my uploads {@code attachments} ({@code views}: how my bubble shows them until the server
     * echoes it); its text is then an optional caption.
     */
    void send(ChatItem chat, String text, MessageItem replyTo, List<UUID> attachments, List<AttachmentView> views) {
        String content = text == null ? "" : text.strip();
        if (chat == null || content.isEmpty() && attachments.isEmpty()) {
            return;
        }
        String clientId = clientId();
        MessageView.Quote quote = replyTo == null ? null : new MessageView.Quote(replyTo.seq(), replyTo.sender(),
                MessageState.excerpt(replyTo.content()), false);
        MessageItem item = MessageItem.pending(me, content, clientId, clock.instant(), quote, views);
        chat.addPending(item);
        ClientFrame.Send frame = outbox.add(chat.roomUuid(), content, clientId, quote == null ? null : quote.seq(),
                attachments, item);
        if (connection.online()) {
            socket.send(frame);
        }
    }

    /** Replaces the text of my message (the caller checked {@link #canEdit}); the same text changes nothing. */
    void edit(ChatItem chat, MessageItem item, String content) {
        if (!content.equals(item.content())) {
            act(item, new ClientFrame.Edit(chat.roomUuid(), item.seq(), content, clientId()));
        }
    }

    void delete(ChatItem chat, MessageItem item) {
        act(item, new ClientFrame.Delete(chat.roomUuid(), item.seq(), clientId()));
    }

    /** Sets my reaction to {@code emoji}; null, or the one I already have, removes it (as WhatsApp's picker). */
    void react(ChatItem chat, MessageItem item, String emoji) {
        String next = emoji != null && emoji.equals(item.reactionOf(me)) ? null : emoji;
        if (next != null || item.reactionOf(me) != null) {
            act(item, new ClientFrame.React(chat.roomUuid(), item.seq(), next, clientId()));
        }
    }

    private void act(MessageItem item, ClientFrame.Action action) {
        item.act(action.clientId(), action, clock.instant());
        outbox.add(action, item);
        if (connection.online()) {
            socket.send(action);
        }
    }

    private static String clientId() {
        return "d-" + UUID.randomUUID();
    }
}
