package dev.parley.desktop.chat;

import dev.parley.desktop.net.ApiException;
import dev.parley.desktop.net.ChatApi;
import java.util.Comparator;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "Group info" of the open group: its name (renamed here by admins), its members with their roles (me first, then
 * the owner, the admins and everyone else by name), and the changes a member may make: admins and the owner add and
 * remove members, make admins and rename; only the owner dismisses an admin; nobody removes the owner; anyone leaves.
 * What the server then does comes back as events on the chat, which this follows. FX thread only.
 */
public final class GroupInfoViewModel {

    private final String me;
    private final ChatApi api;
    private final Executor fx;
    private final ChatListViewModel chats;
    private final ReadOnlyBooleanWrapper open = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper("");
    private final StringProperty nameDraft = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper count = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper admin = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper member = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<Member> members = FXCollections.observableArrayList();
    private final ObservableList<Member> membersView = FXCollections.unmodifiableObservableList(members);
    private final InvalidationListener refresh = obs -> refresh();
    private ChatItem chat;

    public GroupInfoViewModel(String me, ChatApi api, Executor fx, ConversationViewModel conversation,
                              ChatListViewModel chats) {
        this.me = me;
        this.api = api;
        this.fx = fx;
        this.chats = chats;
        conversation.chatProperty().addListener((obs, old, next) -> follow(next));
        follow(conversation.chatProperty().get());
    }

    private void follow(ChatItem next) {
        if (chat != null) {
            chat.members().removeListener(refresh);
            chat.nameProperty().removeListener(refresh);
            chat.memberProperty().removeListener(refresh);
        }
        chat = next != null && next.group() ? next : null;
        open.set(false); // another chat opened, a group too: the panel belongs to the one it showed (WhatsApp's way)
        if (chat != null) {
            chat.members().addListener(refresh);
            chat.nameProperty().addListener(refresh);
            chat.memberProperty().addListener(refresh);
        }
        error.set("");
        refresh();
        nameDraft.set(name.get());
    }

    private void refresh() {
        if (chat == null) {
            members.clear();
            name.set("");
            count.set("");
            admin.set(false);
            member.set(false);
            return;
        }
        boolean renamed = !chat.name().equals(name.get());
        if (renamed && nameDraft.get().equals(name.get())) {
            nameDraft.set(chat.name()); // not being edited: show the new name
        }
        name.set(chat.name());
        Member mine = chat.member(me);
        member.set(chat.isMember() && mine != null);
        admin.set(member.get() && mine.admin());
        members.setAll(chat.members().stream().sorted(order()).toList()); // after admin: cells ask what they offer
        int n = members.size();
        count.set(n == 1 ? "1 member" : n + " members");
    }

    /** The role as the member list says it, in the web client's words: "Group owner", "Group admin", else empty. */
    public String roleLabel(Member m) {
        return switch (m.role()) {
            case Member.OWNER -> "Group owner";
            case Member.ADMIN -> "Group admin";
            default -> "";
        };
    }

    /** Me first, then the owner, the admins, everyone else; by name within each. */
    private Comparator<Member> order() {
        return Comparator.comparingInt((Member m) -> m.username().equals(me) ? 0
                        : Member.OWNER.equals(m.role()) ? 1 : Member.ADMIN.equals(m.role()) ? 2 : 3)
                .thenComparing(Member::username);
    }

    /** Shows the panel for the open chat, if it is a group. */
    public void show() {
        if (chat != null) {
            error.set("");
            nameDraft.set(name.get());
            open.set(true);
        }
    }

    public void close() {
        open.set(false);
    }

    public boolean canRemove(Member m) {
        return admin.get() && !m.username().equals(me) && !Member.OWNER.equals(m.role());
    }

    public boolean canMakeAdmin(Member m) {
        return admin.get() && Member.MEMBER.equals(m.role());
    }

    /** Only the owner dismisses an admin. */
    public boolean canDismissAdmin(Member m) {
        Member mine = chat == null ? null : chat.member(me);
        return admin.get() && mine != null && Member.OWNER.equals(mine.role()) && Member.ADMIN.equals(m.role())
                && !m.username().equals(me);
    }

    /** Renames the group to the edited name (admins), if it changed. */
    public void rename() {
        String next = nameDraft.get() == null ? "" : nameDraft.get().strip();
        if (chat == null || !admin.get() || next.equals(name.get())) {
            return;
        }
        if (next.isEmpty() || next.codePointCount(0, next.length()) > MemberPickerViewModel.MAX_NAME) {
            error.set("A group name has 1 to " + MemberPickerViewModel.MAX_NAME + " characters.");
            return;
        }
        ChatItem group = chat;
        updated(api.renameGroup(group.roomUuid(), next), chats::upsert);
    }

    public void remove(String username) {
        updated(api.removeMember(chat.roomUuid(), username), ok -> { });
    }

    public void makeAdmin(String username) {
        updated(api.changeRole(chat.roomUuid(), username, Member.ADMIN), chats::upsert);
    }

    public void dismissAdmin(String username) {
        updated(api.changeRole(chat.roomUuid(), username, Member.MEMBER), chats::upsert);
    }

    /** Leaves the group (the view asks first); the server's "left" event then ends the membership here. */
    public void leave() {
        if (chat != null) {
            updated(api.removeMember(chat.roomUuid(), me), ok -> { });
        }
    }

    /** The people picker of "Add members" to this group. */
    public MemberPickerViewModel addMembers() {
        return MemberPickerViewModel.addTo(chat, me, api, fx, chats::upsert);
    }

    private <T> void updated(CompletableFuture<T> call, Consumer<T> then) {
        error.set("");
        UUID group = chat.roomUuid();
        call.whenComplete((result, failure) -> fx.execute(() -> {
            if (failure == null) {
                then.accept(result);
                return;
            }
            error.set(Refusal.text(failure));
            if (ApiException.of(failure).outcomeUnknown()) {
                // Maybe stored: the group as the server has it now shows whether (its events follow on the socket).
                api.room(group).thenAccept(room -> fx.execute(() -> chats.upsert(room)));
            }
        }));
    }

    /** Whether the panel shows. */
    public ReadOnlyBooleanProperty openProperty() {
        return open.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    /** The name being edited: the input of a rename. */
    public StringProperty nameDraftProperty() {
        return nameDraft;
    }

    /** "3 members". */
    public ReadOnlyStringProperty countProperty() {
        return count.getReadOnlyProperty();
    }

    /** Whether I may change the group (an admin or the owner, still a member). */
    public ReadOnlyBooleanProperty adminProperty() {
        return admin.getReadOnlyProperty();
    }

    /** Whether I am still a member (Exit group is offered). */
    public ReadOnlyBooleanProperty memberProperty() {
        return member.getReadOnlyProperty();
    }

    /** Why the server refused the last change, as a sentence; empty otherwise. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The members in the order shown. */
    public ObservableList<Member> members() {
        return membersView;
    }

    /** What the group's avatar colour follows: its room, so a rename keeps it; empty while no group is open. */
    public String colourKey() {
        return chat == null ? "" : chat.roomUuid().toString();
    }

    /** Whether {@code username} is me. */
    public boolean isMe(String username) {
        return me.equals(username);
    }
}
