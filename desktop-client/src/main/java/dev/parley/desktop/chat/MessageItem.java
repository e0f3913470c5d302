package dev.parley.desktop.chat;

import dev.parley.protocol.MessageView;
import java.time.Instant;
import java.util.UUID;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * One message as the conversation shows it: a stored {@link MessageView}, or one of mine still waiting for its ack
 * (seq 0, keyed by its client id). A membership or room event is an item too ({@link #event()}), shown as a system
 * line worded for the reader. Only its seq, time and tick change, and only on the FX thread.
 */
public final class MessageItem {

    private final String sender;
    private final String content;
    private final String clientId;
    private final boolean mine;
    private final boolean event;
    private final LongProperty seq = new SimpleLongProperty();
    private final ObjectProperty<Instant> createdAt = new SimpleObjectProperty<>();
    private final ObjectProperty<Tick> tick = new SimpleObjectProperty<>();
    private UUID messageUuid;
    private String failure = "";

    private MessageItem(String sender, String content, String clientId, boolean mine, boolean event,
                        Instant createdAt, Tick tick) {
        this.sender = sender;
        this.content = content;
        this.clientId = clientId;
        this.mine = mine;
        this.event = event;
        this.createdAt.set(createdAt);
        this.tick.set(tick);
    }

    /**
     * A stored message or event as {@code me} sees it; ticks of mine start at one and are raised by the room's
     * watermarks, events never have any.
     */
    public static MessageItem stored(MessageView view, String me) {
        boolean event = view.roomEvent();
        boolean mine = !event && view.user().equals(me);
        String content = event ? EventText.describe(view.event(), me, view.content()) : view.content();
        MessageItem item = new MessageItem(view.user(), content, view.clientId(), mine, event, view.createdAt(),
                mine ? Tick.SENT : Tick.NONE);
        item.confirm(view);
        return item;
    }

    /** One of mine, written now and not yet acknowledged. */
    public static MessageItem pending(String me, String content, String clientId, Instant now) {
        return new MessageItem(me, content, clientId, true, false, now, Tick.PENDING);
    }

    /** The server stored it: take its seq, time and uuid. */
    void confirm(MessageView view) {
        messageUuid = view.messageUuid();
        createdAt.set(view.createdAt());
        seq.set(view.seq());
        if (tick.get() == Tick.PENDING) {
            tick.set(Tick.SENT);
        }
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
        failure = reason;
        tick.set(Tick.FAILED);
    }

    /** Why the server refused it, as a sentence; empty unless failed. */
    public String failure() {
        return failure;
    }

    public String sender() {
        return sender;
    }

    public String content() {
        return content;
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

    @Override
    public String toString() {
        return "MessageItem[seq=" + seq.get() + ", clientId=" + clientId + ", tick=" + tick.get() + "]";
    }
}
