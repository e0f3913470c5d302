package dev.parley.desktop.chat;

import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.UserView;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "New chat": search people by name prefix and open the 1:1 chat with one. Answers to an outdated query are
 * dropped, so typing fast never shows stale results. FX thread only.
 */
public final class NewChatViewModel {

    private final String me;
    private final ChatApi api;
    private final Executor fx;
    private final Function<RoomView, ChatItem> openRoom;
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<UserView> results = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper();
    private final PeopleSearch people;

    /** {@code openRoom} lists and opens the chat of a room the server answered with. */
    public NewChatViewModel(String me, ChatApi api, Executor fx, Function<RoomView, ChatItem> openRoom) {
        this.me = me;
        this.api = api;
        this.fx = fx;
        this.openRoom = openRoom;
        this.people = new PeopleSearch(api, fx);
        query.addListener((obs, old, text) -> search());
    }

    public void show() {
        show("");
    }

    /** Opens with {@code text} already searched for (a name typed into the chat filter). */
    public void show(String text) {
        open.set(true);
        if (text.equals(query.get())) {
            search();
        } else {
            query.set(text); // searches
        }
    }

    public void close() {
        open.set(false);
    }

    private void search() {
        people.search(query.get(), (users, problem) -> {
            List<UserView> others = users.stream().filter(u -> !u.username().equals(me)).toList();
            results.setAll(others);
            message.set(problem != null ? problem : others.isEmpty() ? "No one found" : "");
        });
    }

    /** Opens (creating if needed) the chat with {@code user}; {@code opened} runs once it is showing. */
    public void start(UserView user, Consumer<ChatItem> opened) {
        start(user, opened, () -> { });
    }

    /** As {@link #start(UserView, Consumer)}; {@code failed} runs (after the message is set) if it cannot open. */
    public void start(UserView user, Consumer<ChatItem> opened, Runnable failed) {
        if (user != null) {
            start(user.username(), opened, failed);
        }
    }

    /** As {@link #start(UserView, Consumer, Runnable)}, with the person's username. */
    public void start(String username, Consumer<ChatItem> opened, Runnable failed) {
        api.openRoom(username).whenComplete((room, failure) -> fx.execute(() -> {
            if (failure != null) {
                message.set(ApiException.of(failure).getMessage());
                failed.run();
                return;
            }
            ChatItem chat = openRoom.apply(room);
            close();
            opened.accept(chat);
        }));
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObservableList<UserView> results() {
        return results;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }
}
