package dev.parley.desktop.chat;

import dev.parley.desktop.net.ChatApi;
import dev.parley.protocol.AuthResponse;
import dev.parley.protocol.BlockedUserView;
import dev.parley.protocol.LimitsView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.SearchPage;
import dev.parley.protocol.UploadedAttachment;
import dev.parley.protocol.SettingsView;
import dev.parley.protocol.UserView;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A ChatApi answering from lists the test fills; unit tests of ViewModels only. */
final class FakeChatApi implements ChatApi {

    final List<RoomView> rooms = new ArrayList<>();
    final List<MessageView> history = new ArrayList<>();
    final List<String> calls = new ArrayList<>();
    /** When set, creating a group and changing one (name, members, roles) fail with it. */
    dev.parley.desktop.net.ApiException failGroups;
    /** When set, chat setting changes fail with it. */
    dev.parley.desktop.net.ApiException failSettings;
    final List<String> blocked = new ArrayList<>();
    /** Whom user search finds by prefix; while empty, it finds one made-up person per query ("bo" → "bo_found"). */
    final List<String> people = new ArrayList<>();
    /** While true, history pages wait in {@link #paused} until the test releases them, in the order it likes. */
    boolean pauseHistory;
    final List<Runnable> paused = new ArrayList<>();
    /** What {@code GET /api/limits/} answers; null: the call fails (an older server). */
    LimitsView limits = new LimitsView(900, 172_800, 4096, 1024);

    @Override
    public CompletableFuture<AuthResponse> login(String username, String password) {
        return CompletableFuture.completedFuture(new AuthResponse("t", new UserView(username, true, null)));
    }

    @Override
    public CompletableFuture<AuthResponse> register(String username, String password) {
        return login(username, password);
    }

    @Override
    public CompletableFuture<Void> logout() {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<UserView> me() {
        return CompletableFuture.completedFuture(new UserView("alice", true, null));
    }

    /** My sessions as the fake server lists them; those signed out leave it. */
    final List<dev.parley.protocol.SessionView> sessions = new ArrayList<>();
    /** When set, session calls fail with it. */
    dev.parley.desktop.net.ApiException failSessions;

    @Override
    public CompletableFuture<List<dev.parley.protocol.SessionView>> sessions() {
        return failSessions != null ? CompletableFuture.failedFuture(failSessions)
                : CompletableFuture.completedFuture(List.copyOf(sessions));
    }

    @Override
    public CompletableFuture<Void> endSession(UUID id) {
        calls.add("end session " + id);
        if (failSessions != null) {
            return CompletableFuture.failedFuture(failSessions);
        }
        return sessions.removeIf(s -> s.id().equals(id)) ? CompletableFuture.completedFuture(null)
                : CompletableFuture.failedFuture(new dev.parley.desktop.net.ApiException(404, "not_found",
                        "no such session"));
    }

    @Override
    public CompletableFuture<Void> endAllSessions() {
        calls.add("end all sessions");
        if (failSessions != null) {
            return CompletableFuture.failedFuture(failSessions);
        }
        sessions.clear();
        return CompletableFuture.completedFuture(null);
    }

    /** When set, the answer to the next settings change, completed by the test. */
    CompletableFuture<SettingsView> settingsAnswer;

    /** The settings the fake server holds. */
    SettingsView settings = new SettingsView(SettingsView.CONTACTS, true);

    @Override
    public CompletableFuture<SettingsView> settings() {
        return CompletableFuture.completedFuture(settings);
    }

    @Override
    public CompletableFuture<SettingsView> updateSettings(SettingsView changed) {
        calls.add("settings " + changed.lastSeen() + " " + changed.readReceipts());
        settings = changed;
        if (settingsAnswer != null) {
            CompletableFuture<SettingsView> answer = settingsAnswer;
            settingsAnswer = null;
            return answer;
        }
        return CompletableFuture.completedFuture(changed);
    }

    @Override
    public CompletableFuture<UserView> updateProfile(String displayName, String about) {
        calls.add("profile " + displayName + " | " + about);
        return CompletableFuture.completedFuture(new UserView("alice", displayName, about, true, null));
    }

    @Override
    public CompletableFuture<List<UserView>> users(String prefix) {
        calls.add("users " + prefix);
        if (!people.isEmpty()) {
            return CompletableFuture.completedFuture(people.stream().filter(p -> p.startsWith(prefix))
                    .map(p -> new UserView(p, false, null)).toList());
        }
        return CompletableFuture.completedFuture(List.of(new UserView(prefix + "_found", false, null)));
    }

    @Override
    public CompletableFuture<List<RoomView>> rooms() {
        calls.add("rooms");
        return CompletableFuture.completedFuture(List.copyOf(rooms));
    }

    @Override
    public CompletableFuture<RoomView> openRoom(String username) {
        return CompletableFuture.completedFuture(rooms.getFirst());
    }

    @Override
    public CompletableFuture<RoomView> room(UUID room) {
        calls.add("room " + room);
        return CompletableFuture.completedFuture(rooms.stream().filter(r -> r.roomUuid().equals(room)).findFirst()
                .orElseThrow());
    }

    @Override
    public CompletableFuture<RoomView> createGroup(String name, List<String> members) {
        calls.add("create " + name + " " + members);
        if (failGroups != null) {
            return CompletableFuture.failedFuture(failGroups);
        }
        return CompletableFuture.completedFuture(rooms.getLast());
    }

    @Override
    public CompletableFuture<RoomView> chatSettings(UUID room, java.util.Map<String, Object> changes) {
        calls.add("settings " + new java.util.TreeMap<>(changes));
        if (failSettings != null) {
            return CompletableFuture.failedFuture(failSettings);
        }
        return room(room);
    }

    @Override
    public CompletableFuture<RoomView> renameGroup(UUID room, String name) {
        calls.add("rename " + name);
        return failGroups != null ? CompletableFuture.failedFuture(failGroups) : room(room);
    }

    @Override
    public CompletableFuture<RoomView> addMembers(UUID room, List<String> usernames) {
        calls.add("add " + usernames);
        return failGroups != null ? CompletableFuture.failedFuture(failGroups) : room(room);
    }

    @Override
    public CompletableFuture<Void> removeMember(UUID room, String username) {
        calls.add("remove " + username);
        return failGroups != null ? CompletableFuture.failedFuture(failGroups) : CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<RoomView> changeRole(UUID room, String username, String role) {
        calls.add("role " + username + " " + role);
        return failGroups != null ? CompletableFuture.failedFuture(failGroups) : room(room);
    }

    @Override
    public CompletableFuture<List<BlockedUserView>> blockedUsers() {
        calls.add("blocked");
        return CompletableFuture.completedFuture(blocked.stream()
                .map(name -> new BlockedUserView(name, Instant.EPOCH)).toList());
    }

    @Override
    public CompletableFuture<Void> block(String username) {
        calls.add("block " + username);
        if (!blocked.contains(username)) {
            blocked.add(username);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unblock(String username) {
        calls.add("unblock " + username);
        blocked.remove(username);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<List<MessageView>> messagesBefore(UUID room, Long beforeSeq, int limit) {
        calls.add("before " + beforeSeq);
        List<MessageView> page = history.stream()
                .filter(m -> m.roomUuid().equals(room) && (beforeSeq == null || m.seq() < beforeSeq)).toList();
        return answer(page.subList(Math.max(0, page.size() - limit), page.size()));
    }

    private CompletableFuture<List<MessageView>> answer(List<MessageView> page) {
        if (!pauseHistory) {
            return CompletableFuture.completedFuture(page);
        }
        CompletableFuture<List<MessageView>> later = new CompletableFuture<>();
        paused.add(() -> later.complete(page));
        return later;
    }

    @Override
    public CompletableFuture<List<MessageView>> messagesAfter(UUID room, long afterSeq, int limit) {
        calls.add("after " + afterSeq);
        List<MessageView> page = history.stream().filter(m -> m.roomUuid().equals(room) && m.seq() > afterSeq)
                .toList();
        return answer(page.subList(0, Math.min(limit, page.size())));
    }

    @Override
    public CompletableFuture<SearchPage> search(String query, UUID room, String before, int limit) {
        calls.add("search " + query);
        return CompletableFuture.failedFuture(new IllegalStateException("search is tested against a real node"));
    }

    @Override
    public CompletableFuture<LimitsView> limits() {
        calls.add("limits");
        return limits == null ? CompletableFuture.failedFuture(new IllegalStateException("no limits here"))
                : CompletableFuture.completedFuture(limits);
    }

    /** An upload the client started: the test reports progress through {@code sent} and completes {@code answer}. */
    record UploadCall(UUID room, Path file, LongConsumer sent, CompletableFuture<UploadedAttachment> answer) {
    }

    /** A download the client started, answered by the test. */
    record DownloadCall(String url, Path target, LongConsumer received, CompletableFuture<Path> answer) {
    }

    final List<UploadCall> uploads = new ArrayList<>();
    final List<DownloadCall> downloads = new ArrayList<>();

    @Override
    public CompletableFuture<UploadedAttachment> upload(UUID room, Path file, LongConsumer sent) {
        UploadCall call = new UploadCall(room, file, sent, new CompletableFuture<>());
        uploads.add(call);
        return call.answer();
    }

    @Override
    public CompletableFuture<byte[]> fetch(String url) {
        calls.add("fetch " + url);
        return CompletableFuture.completedFuture(new byte[0]);
    }

    @Override
    public CompletableFuture<Path> download(String url, Path target, LongConsumer received) {
        DownloadCall call = new DownloadCall(url, target, received, new CompletableFuture<>());
        downloads.add(call);
        return call.answer();
    }
}
