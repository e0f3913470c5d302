package dev.parley.desktop.chat;

import dev.parley.protocol.AttachmentView;
import dev.parley.protocol.ClientFrame;
import dev.parley.protocol.EventView;
import dev.parley.protocol.MessageView;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One message as the conversation shows it: a stored {@link MessageView}, or one of mine still waiting for its ack
 * (seq 0, keyed by its client id). A membership or room event is an item too ({@link #event()}), shown as a system
 * line worded for the reader. What the actions change ({@link #stateProperty()}: text, "edited", deleted, reactions,
 * quote) is the server's latest state with my actions not yet acknowledged applied over it; {@code version} is the
 * seq of the newest update taken, so an older or repeated one changes nothing. FX thread only.
 */
public final class MessageItem {

    /**
     * The words a deleted message shows instead of its text: to whoever deleted it, to everyone else when its sender
     * did (or the view does not say who did), and, after {@link #DELETED_BY}, the name of the group admin who
     * deleted someone else's message (its sender included: an admin's delete is not theirs).
     */
    public static final String YOU_DELETED = "You deleted this message";
    public static final String DELETED = "This message was deleted";
    public static final String DELETED_BY = "This message was deleted by ";

    private final String sender;
    private final String me;
    private final String clientId;
    private final boolean mine;
    private final boolean event;
    /** What an event did (null for a message): its line is said again with the names people go by now. */
    private EventView eventView;
    private final LongProperty seq = new SimpleLongProperty();
    private final ObjectProperty<Instant> createdAt = new SimpleObjectProperty<>();
    private final ObjectProperty<Tick> tick = new SimpleObjectProperty<>();
    private final ReadOnlyObjectWrapper<Tick> shownTick = new ReadOnlyObjectWrapper<>(Tick.NONE);
    private final ReadOnlyStringWrapper content = new ReadOnlyStringWrapper();
    private final ReadOnlyObjectWrapper<MessageState> state = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper expanded = new ReadOnlyBooleanWrapper();
    private final Map<String, Pending> pendingActions = new LinkedHashMap<>();
    private MessageState base;
    private long version;
    /** How many of my actions on it the server refused: which refusal's note is showing. */
    private long refusals;
    private UUID messageUuid;

    /** An action of mine the server has not answered yet, and when I made it. */
    private record Pending(ClientFrame.Action action, Instant at) {
    }

    private MessageItem(String sender, String me, MessageState base, String clientId, boolean mine, boolean event,
                        Instant createdAt, Tick tick) {
        this.sender = sender;
        this.me = me;
        this.base = base;
        this.clientId = clientId;
        this.mine = mine;
        this.event = event;
        this.createdAt.set(createdAt);
        this.tick.set(tick);
        this.tick.addListener(obs -> refreshShownTick());
        render();
    }

    /**
     * A stored message or event as {@code me} sees it; ticks of mine start at one and are raised by the room's
     * watermarks, events never have any.
     */
    public static MessageItem stored(MessageView view, String me) {
        boolean event = view.roomEvent();
        boolean mine = !event && view.user().equals(me);
        MessageState state = event ? MessageState.written(EventText.describe(view.event(), me, view.content()), null,
                List.of())
                : MessageState.of(view);
        MessageItem item = new MessageItem(view.user(), me, state, view.clientId(), mine, event, view.createdAt(),
                mine ? Tick.SENT : Tick.NONE);
        item.eventView = event ? view.event() : null;
        item.confirm(view);
        return item;
    }

    /** One of mine, written now and not yet acknowledged; {@code quote} is the message it answers, or null. */
    public static MessageItem pending(String me, String content, String clientId, Instant now,
                                      MessageView.Quote quote) {
        return pending(me, content, clientId, now, quote, List.of());
    }

    /** One of mine carrying {@code attachments} (my uploads), written now and not yet acknowledged. */
    public static MessageItem pending(String me, String content, String clientId, Instant now,
                                      MessageView.Quote quote, List<AttachmentView> attachments) {
        return new MessageItem(me, me, MessageState.written(content, quote, attachments), clientId, true, false, now,
                Tick.PENDING);
    }

    /** One of mine that answers no message in particular. */
    public static MessageItem pending(String me, String content, String clientId, Instant now) {
        return pending(me, content, clientId, now, null);
    }

    /** The server stored it: take its seq, time and uuid (and, for mine, its state as stored). */
    void confirm(MessageView view) {
        messageUuid = view.messageUuid();
        createdAt.set(view.createdAt());
        seq.set(view.seq());
        if (tick.get() == Tick.PENDING) {
            tick.set(Tick.SENT);
            base = MessageState.of(view);
            render();
        }
    }

    /**
     * The update of room event {@code eventSeq} shows this message as {@code view}: taken unless an update as new
     * or newer was; returns whether it was.
     */
    boolean update(long eventSeq, MessageView view) {
        if (event || eventSeq <= version) {
            return false;
        }
        version = eventSeq;
        base = MessageState.of(view);
        render();
        return true;
    }

    /** The message this one quotes is now {@code original}: the quote follows its text and deletion. */
    void requote(MessageView original) {
        MessageState next = base.requoting(original);
        if (next != base) {
            base = next;
            render();
        }
    }

    /** An action of mine on this message, shown at once and until the server acknowledges or refuses it. */
    void act(String actionClientId, ClientFrame.Action action, Instant now) {
        pendingActions.put(actionClientId, new Pending(action, now));
        failure.set("");
        render();
    }

    /**
     * The server took my action: it stays applied (an update may bring the state with others' changes too, or
     * already did, or none comes when it changed nothing).
     */
    void actionAcknowledged(String actionClientId, MessageView view) {
        Pending pending = pendingActions.remove(actionClientId);
        if (pending != null) {
            base = base.with(pending.action(), me, view.editedAt());
            render();
        }
    }

    /**
     * The server refused my action: the message shows what it did before, and why under it until
     * {@link #dismissRefusal} or my next action on it; returns which refusal this is (0: it was not waiting).
     */
    long actionRefused(String actionClientId, String reason) {
        if (pendingActions.remove(actionClientId) == null) {
            return 0;
        }
        failure.set(reason);
        render();
        return ++refusals;
    }

    /** The note of refusal {@code which} has had its time: gone, unless a later one replaced it. */
    void dismissRefusal(long which) {
        if (which == refusals && tick.get() != Tick.FAILED) {
            failure.set("");
        }
    }

    /** Its photos and files in the order sent; none once deleted. */
    public List<AttachmentView> attachments() {
        return state.get().attachments();
    }

    /** What the chat list shows of it: its text, or "📷 Photo" / "📄 name" with the caption (see {@link AttachmentText}). */
    public String previewText() {
        return event ? content.get() : AttachmentText.preview(content.get(), attachments());
    }

    /** Whether an action of mine on it is waiting for the server. */
    public boolean actionPending() {
        return !pendingActions.isEmpty();
    }

    private void render() {
        MessageState shown = base;
        for (Pending pending : pendingActions.values()) {
            shown = shown.with(pending.action(), me, pending.at());
        }
        // The text first: views listen to the state and read the text then.
        content.set(shown.deleted() ? tombstone(shown.deletedBy(), UnaryOperator.identity()) : shown.content());
        state.set(shown);
        refreshShownTick();
    }

    /**
     * The clock while the message or an action of mine on it waits for the server (as for a message written
     * offline: an edit, a reaction or a delete made offline is not yet anyone else's); else the tick, and none on a
     * tombstone (as in WhatsApp).
     */
    private void refreshShownTick() {
        shownTick.set(actionPending() ? Tick.PENDING : state.get() != null && state.get().deleted() ? Tick.NONE
                : tick.get());
    }

    /** What a tombstone says to me about who deleted it, as WhatsApp words it, naming people as {@code shown} does. */
    private String tombstone(String deletedBy, UnaryOperator<String> shown) {
        if (deletedBy == null || deletedBy.equals(sender) && !deletedBy.equals(me)) {
            return DELETED;
        }
        return deletedBy.equals(me) ? YOU_DELETED : DELETED_BY + shown.apply(deletedBy);
    }

    /**
     * The text shown, with the people it names as {@code shown} names them (display names): an event's line, a
     * tombstone's "deleted by" the admin's name, else the text (or its attachment's line with {@code preview}).
     */
    public String shownText(UnaryOperator<String> shown, boolean preview) {
        if (event) {
            return eventLine(shown);
        }
        MessageState now = state.get();
        if (now != null && now.deleted()) {
            return tombstone(now.deletedBy(), shown);
        }
        return preview ? previewText() : content();
    }

    /** Raises the tick of a stored message of mine to what the other members' watermarks say; never lowers it. */
    void applyWatermarks(Members members) {
        if (!mine || seq.get() == 0 || tick.get() == Tick.FAILED || tick.get() == Tick.READ) {
            return;
        }
        Tick target = members.tickFor(seq.get());
        if (target.ordinal() > tick.get().ordinal()) {
            tick.set(target);
        }
    }

    /** The server refused it: {@code reason} is shown under the bubble. */
    void fail(String reason) {
        failure.set(reason);
        tick.set(Tick.FAILED);
    }

    /** Why the server refused it or my last action on it, as a sentence; empty unless one was refused. */
    public String failure() {
        return failure.get();
    }

    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    /**
     * Whether a long message is shown whole ("Read more" was used; until then {@link RichText#folded} of it shows):
     * kept with the message, so a cell refilled on scrolling keeps it open.
     */
    public boolean expanded() {
        return expanded.get();
    }

    public ReadOnlyBooleanProperty expandedProperty() {
        return expanded.getReadOnlyProperty();
    }

    /** "Read more": the whole text shows from now on. */
    public void expand() {
        expanded.set(true);
    }

    /** Whether it shows folded now: a long text not yet expanded (never a tombstone nor an event). */
    public boolean folded() {
        return !event && !expanded.get() && !deleted() && RichText.folded(content()) != null;
    }

    public String sender() {
        return sender;
    }

    /** An event's line with people named by {@code shown} (display names); {@link #content()} for a message. */
    public String eventLine(UnaryOperator<String> shown) {
        return eventView == null ? content() : EventText.describe(eventView, me, content(), shown);
    }

    /** The text shown: the message's (as last edited), the tombstone's words once deleted, an event's line. */
    public String content() {
        return content.get();
    }

    public ReadOnlyStringProperty contentProperty() {
        return content.getReadOnlyProperty();
    }

    /** Whether it shows "edited". */
    public boolean edited() {
        return state.get().editedAt() != null;
    }

    /** Whether it was deleted for everyone: a tombstone without reactions or quote. */
    public boolean deleted() {
        return state.get().deleted();
    }

    /** The reactions, grouped by emoji in the order first used. */
    public List<MessageView.Reaction> reactions() {
        return state.get().reactions();
    }

    /** The emoji {@code user} reacted with, or null. */
    public String reactionOf(String user) {
        return state.get().reactionOf(user);
    }

    /** The message this one answers, as it is now; null when it answers none. */
    public MessageView.Quote quote() {
        return state.get().quote();
    }

    /** Changes whenever the text, "edited", deletion, reactions or quote do. */
    public ReadOnlyObjectProperty<?> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public String clientId() {
        return clientId;
    }

    public boolean mine() {
        return mine;
    }

    /** Whether this is a membership or room event (a system line, never counted as unread), not a message. */
    public boolean event() {
        return event;
    }

    public UUID messageUuid() {
        return messageUuid;
    }

    public boolean pending() {
        return seq.get() == 0;
    }

    public long seq() {
        return seq.get();
    }

    public ReadOnlyLongProperty seqProperty() {
        return seq;
    }

    public Instant createdAt() {
        return createdAt.get();
    }

    public ReadOnlyObjectProperty<Instant> createdAtProperty() {
        return createdAt;
    }

    public Tick tick() {
        return tick.get();
    }

    public ReadOnlyObjectProperty<Tick> tickProperty() {
        return tick;
    }

    /** What the bubble and the chat list show at its time: see {@link #refreshShownTick()}. */
    public Tick shownTick() {
        return shownTick.get();
    }

    public ReadOnlyObjectProperty<Tick> shownTickProperty() {
        return shownTick.getReadOnlyProperty();
    }

    @Override
    public String toString() {
        return "MessageItem[seq=" + seq.get() + ", clientId=" + clientId + ", tick=" + tick.get() + "]";
    }
}
