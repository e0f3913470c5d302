package dev.parley.desktop.chat;

import dev.parley.desktop.common.Formats;
import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.MemberView;
import dev.parley.protocol.RoomView;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "Message info" of one of my messages in a group: who read it, who has it and who does not yet, from every member's
 * watermarks as the server has them now ({@code GET /api/rooms/{uuid}/}). Only members who were in the group at the
 * message's seq count; someone added later never saw it. One instance per dialog; FX thread only.
 */
public final class MessageInfoViewModel {

    private final String me;
    private final ChatApi api;
    private final Executor fx;
    private final ChatItem chat;
    private final MessageItem message;
    private final ObservableList<String> readBy = FXCollections.observableArrayList();
    private final ObservableList<String> deliveredTo = FXCollections.observableArrayList();
    private final ObservableList<String> waiting = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public MessageInfoViewModel(String me, ChatApi api, Executor fx, ChatItem chat, MessageItem message) {
        this.me = me;
        this.api = api;
        this.fx = fx;
        this.chat = chat;
        this.message = message;
    }

    /** Asks the server for the members' watermarks now (the chat's ticks take them too). */
    public void load() {
        loading.set(true);
        api.room(chat.roomUuid()).whenComplete((room, failure) -> fx.execute(() -> {
            loading.set(false);
            if (failure != null) {
                error.set(Formats.sentence(ApiException.of(failure).getMessage()));
                return;
            }
            chat.update(room);
            show(room);
        }));
    }

    private void show(RoomView room) {
        long seq = message.seq();
        List<MemberView> counted = room.members().stream()
                .filter(m -> !m.username().equals(me) && (m.joinedSeq() == null || m.joinedSeq() <= seq))
                .sorted(Comparator.comparing(MemberView::username)).toList();
        readBy.setAll(counted.stream().filter(m -> m.readSeq() >= seq).map(MemberView::username).toList());
        deliveredTo.setAll(counted.stream().filter(m -> m.readSeq() < seq && m.deliveredSeq() >= seq)
                .map(MemberView::username).toList());
        waiting.setAll(counted.stream().filter(m -> m.readSeq() < seq && m.deliveredSeq() < seq)
                .map(MemberView::username).toList());
    }

    /** The name the chat shows for a member: their display name where set, else their username. */
    public String shownName(String username) {
        return chat.shownName(username);
    }

    public MessageItem message() {
        return message;
    }

    /** Members who read it. */
    public ObservableList<String> readBy() {
        return readBy;
    }

    /** Members who have it on a device and have not read it. */
    public ObservableList<String> deliveredTo() {
        return deliveredTo;
    }

    /** Members none of whose devices has it yet. */
    public ObservableList<String> waiting() {
        return waiting;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** Why the server could not say, as a sentence; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
