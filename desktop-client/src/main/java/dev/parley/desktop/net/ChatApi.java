package dev.parley.desktop.net;

import dev.parley.protocol.AuthResponse;
import dev.parley.protocol.BlockedUserView;
import dev.parley.protocol.LimitsView;
import dev.parley.protocol.MessageView;
import dev.parley.protocol.RoomView;
import dev.parley.protocol.SearchPage;
import dev.parley.protocol.SessionView;
import dev.parley.protocol.UploadedAttachment;
import dev.parley.protocol.SettingsView;
import dev.parley.protocol.UserView;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongConsumer;

/**
 * The REST calls the client makes, each asynchronous; failures complete exceptionally with {@link ApiException}.
 * Implemented over HTTP by {@link ApiClient}; ViewModel tests substitute a fake.
 */
public interface ChatApi {

    CompletableFuture<AuthResponse> login(String username, String password);

    CompletableFuture<AuthResponse> register(String username, String password);

    CompletableFuture<Void> logout();

    CompletableFuture<UserView> me();

    /** {@code PATCH /api/me}: my display name and About (null clears one); me as I am now. */
    CompletableFuture<UserView> updateProfile(String displayName, String about);

    /** {@code GET /api/me/settings/}: my privacy settings. */
    CompletableFuture<SettingsView> settings();

    /** {@code PATCH /api/me/settings/}: both settings; as saved. */
    CompletableFuture<SettingsView> updateSettings(SettingsView settings);

    /** {@code GET /api/sessions/}: my signed-in devices, most recently used first. */
    CompletableFuture<List<SessionView>> sessions();

    /** {@code DELETE /api/sessions/{id}}: signs that device out (404 when it is not one of mine, or already gone). */
    CompletableFuture<Void> endSession(UUID id);

    /** {@code DELETE /api/sessions/}: signs every device of mine out, this one too. */
    CompletableFuture<Void> endAllSessions();

    CompletableFuture<List<UserView>> users(String prefix);

    CompletableFuture<List<RoomView>> rooms();

    CompletableFuture<RoomView> openRoom(String username);

    /** One room as the list shows it, with every member's watermarks as they are now. */
    CompletableFuture<RoomView> room(UUID room);

    /** A new group named {@code name} with the caller as owner and {@code members} (usernames) in it. */
    CompletableFuture<RoomView> createGroup(String name, List<String> members);

    /**
     * Changes my own settings of a chat: any of "pinned", "muted_until" (an ISO time, "forever" or null), "archived",
     * "marked_unread", "cleared_seq"; answers the room as I now see it.
     */
    CompletableFuture<RoomView> chatSettings(UUID room, java.util.Map<String, Object> changes);

    /** Renames a group (admins and the owner). */
    CompletableFuture<RoomView> renameGroup(UUID room, String name);

    /** Adds people to a group (admins and the owner); those already in are ignored. */
    CompletableFuture<RoomView> addMembers(UUID room, List<String> usernames);

    /** Removes a member from a group (admins and the owner), or leaves it when {@code username} is the caller. */
    CompletableFuture<Void> removeMember(UUID room, String username);

    /** Makes a member an admin ("admin") or an admin a member again ("member"). */
    CompletableFuture<RoomView> changeRole(UUID room, String username, String role);

    /** The people the caller blocked. */
    CompletableFuture<List<BlockedUserView>> blockedUsers();

    /** Blocks {@code username} (already blocked: no change). */
    CompletableFuture<Void> block(String username);

    /** Unblocks {@code username} (not blocked: no change). */
    CompletableFuture<Void> unblock(String username);

    /** History in ascending seq: the newest {@code limit} before {@code beforeSeq} (or the newest, when null). */
    CompletableFuture<List<MessageView>> messagesBefore(UUID room, Long beforeSeq, int limit);

    /** History in ascending seq: the oldest {@code limit} after {@code afterSeq}. */
    CompletableFuture<List<MessageView>> messagesAfter(UUID room, long afterSeq, int limit);

    /**
     * The caller's messages matching {@code query}, newest first: in {@code room} only when it is not null, from the
     * cursor {@code before} on when it is not null (the previous page's {@code next}), at most {@code limit}.
     */
    CompletableFuture<SearchPage> search(String query, UUID room, String before, int limit);

    /** The server's rules that the client foresees: the edit and delete windows, the longest text. */
    CompletableFuture<LimitsView> limits();

    /**
     * Uploads {@code file} to {@code room} as the raw body, streamed from disk; {@code sent} hears the bytes sent so
     * far (on the network's thread). Cancelling the future aborts the upload.
     */
    CompletableFuture<UploadedAttachment> upload(UUID room, Path file, LongConsumer sent);

    /** The bytes at {@code url} (a thumbnail or a photo, with the bearer token): small files only. */
    CompletableFuture<byte[]> fetch(String url);

    /**
     * Streams the file at {@code url} into {@code target} (written to a temporary file beside it, then moved);
     * {@code received} hears the bytes so far. Cancelling the future aborts the download.
     */
    CompletableFuture<Path> download(String url, Path target, LongConsumer received);
}
