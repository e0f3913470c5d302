package dev.parley.desktop.chat;

import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.UserView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Picking people for a group: "New group" (a name and the members) or "Add members" to a group. People are found by
 * the start of their name as in "New chat" (answers to an outdated query are dropped); the picked ones show as chips
 * and are not offered again, nor is anyone already in the group. One instance per dialog; FX thread only.
 */
public final class MemberPickerViewModel {

    /** The server's limit on a group's name, in characters. */
    static final int MAX_NAME = 100;

    private final String me;
    private final Executor fx;
    private final boolean needsName;
    private final String title;
    private final String confirmText;
    private final Set<String> alreadyIn;
    private final BiFunction<String, List<String>, CompletableFuture<RoomView>> action;
    private final Consumer<RoomView> done;
    /** Reads back what the server holds after a change that may or may not have been stored (outcome_unknown). */
    private final Runnable readBack;
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty query = new SimpleStringProperty("");
    private final ObservableList<UserView> results = FXCollections.observableArrayList();
    private final ObservableList<String> picked = FXCollections.observableArrayList();
    /** The display names of the people picked who have one (their chips show it). */
    private final Map<String, String> pickedNames = new HashMap<>();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final BooleanBinding canConfirm;
    private List<UserView> found = List.of();
    private final PeopleSearch people;

    private MemberPickerViewModel(String me, ChatApi api, Executor fx, boolean needsName, String title,
                                  String confirmText, Set<String> alreadyIn,
                                  BiFunction<String, List<String>, CompletableFuture<RoomView>> action,
                                  Consumer<RoomView> done, Runnable readBack) {
        this.me = me;
        this.fx = fx;
        this.needsName = needsName;
        this.title = title;
        this.confirmText = confirmText;
        this.alreadyIn = Set.copyOf(alreadyIn);
        this.action = action;
        this.done = done;
        this.readBack = readBack;
        this.people = new PeopleSearch(api, fx);
        query.addListener((obs, old, text) -> search());
        canConfirm = Bindings.createBooleanBinding(() -> !busy.get() && !picked.isEmpty()
                && (!needsName || validName(name.get())), busy, picked, name);
        search();
    }

    /**
     * "New group": the group is created with me as owner, then {@code opened} lists and opens it. Should the server not
     * know whether it stored the group, {@code reloadChats} reloads the chat list, which shows whether it did (were the
     * group simply created again, a retry would make two).
     */
    public static MemberPickerViewModel newGroup(String me, ChatApi api, Executor fx, Consumer<RoomView> opened,
                                                 Runnable reloadChats) {
        return new MemberPickerViewModel(me, api, fx, true, "New group", "Create group", Set.of(),
                (name, members) -> api.createGroup(name, members), opened, reloadChats);
    }

    /** "Add members" to {@code group}; {@code updated} takes the room the server answers with. */
    public static MemberPickerViewModel addTo(ChatItem group, String me, ChatApi api, Executor fx,
                                              Consumer<RoomView> updated) {
        Set<String> members = group.members().stream().map(Member::username).collect(Collectors.toSet());
        return new MemberPickerViewModel(me, api, fx, false, "Add members", "Add", members,
                (name, users) -> api.addMembers(group.roomUuid(), users), updated,
                () -> api.room(group.roomUuid()).thenAccept(room -> fx.execute(() -> updated.accept(room))));
    }

    private static boolean validName(String text) {
        String trimmed = text == null ? "" : text.strip();
        return !trimmed.isEmpty() && trimmed.codePointCount(0, trimmed.length()) <= MAX_NAME;
    }

    private void search() {
        people.search(query.get(), (users, problem) -> {
            found = users;
            if (problem != null) {
                results.clear();
                message.set(problem);
            } else {
                showFound();
            }
        });
    }

    /** The people found, without me, anyone already in the group and anyone picked. */
    private void showFound() {
        List<UserView> offered = found.stream().filter(u -> !u.username().equals(me)
                && !alreadyIn.contains(u.username()) && !picked.contains(u.username())).toList();
        results.setAll(offered);
        boolean allIn = !found.isEmpty() && offered.isEmpty();
        message.set(offered.isEmpty() ? (allIn ? "Everyone found is already in the group" : "No one found") : "");
    }

    /** Adds a person as a chip; the search starts over for the next one. */
    public void pick(UserView user) {
        if (user == null || picked.contains(user.username())) {
            return;
        }
        if (user.displayName() != null) {
            pickedNames.put(user.username(), user.displayName());
        }
        picked.add(user.username());
        error.set("");
        if (query.get().isEmpty()) {
            showFound();
        } else {
            query.set(""); // searches
        }
    }

    public void unpick(String username) {
        if (picked.remove(username)) {
            showFound();
        }
    }

    /** Backspace in an empty search takes the last chip off. */
    public void unpickLast() {
        if (!picked.isEmpty()) {
            unpick(picked.getLast());
        }
    }

    /** Creates the group or adds the members; {@code closed} runs once the server has done it. */
    public void confirm(Runnable closed) {
        if (!canConfirm.get()) {
            return;
        }
        busy.set(true);
        error.set("");
        action.apply(name.get().strip(), List.copyOf(picked)).whenComplete((room, failure) -> fx.execute(() -> {
            busy.set(false);
            if (failure != null) {
                error.set(Refusal.text(failure));
                if (ApiException.of(failure).outcomeUnknown()) {
                    readBack.run();
                }
                return;
            }
            done.accept(room);
            closed.run();
        }));
    }

    /** Whether a group name is asked for ("New group") or not ("Add members"). */
    public boolean needsName() {
        return needsName;
    }

    public String title() {
        return title;
    }

    public String confirmText() {
        return confirmText;
    }

    /** The group's name: the input of "New group". */
    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty queryProperty() {
        return query;
    }

    public ObservableList<UserView> results() {
        return results;
    }

    /** The display name of someone picked, or null when they have none. */
    public String displayName(String username) {
        return pickedNames.get(username);
    }

    /** The people picked, in the order picked. */
    public ObservableList<String> picked() {
        return picked;
    }

    /** What the search says when it lists no one. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Why the server refused, as a sentence; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** A name (for a new group), at least one person, and nothing under way. */
    public BooleanBinding canConfirmBinding() {
        return canConfirm;
    }
}
