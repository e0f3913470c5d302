package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.WebSocketHandshakeException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every endpoint and frame type against every kind of caller: only a signed-in member gets through. */
class AuthorizationMatrixTest {

    /** The kinds of caller. */
    enum Caller { ANONYMOUS, FORGED_TOKEN, SIGNED_OUT, NON_MEMBER, MEMBER }

    private static final Api API = Api.shared();
    private static Api.User alice;
    private static Api.User bob;
    private static Api.User outsider;
    private static Api.User signedOut;
    private static UUID room;
    /** An upload of bob's sent to the room, and one of bob's not sent yet. */
    private static UUID sentFile;
    private static UUID unsentFile;

    @BeforeAll
    static void setUp() {
        alice = API.register("mx");
        bob = API.register("mxb");
        outsider = API.register("mxo");
        signedOut = API.register("mxs");
        room = API.room(alice, bob);
        API.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "content", "only-for-members"));
        AttachmentClient files = AttachmentClient.shared();
        sentFile = files.uploaded(bob, room, "only-for-members.png", TestImages.png(TestImages.halves(20, 10)));
        API.post("/api/messages/", bob.token(), Map.of("room", room.toString(), "attachments",
                java.util.List.of(sentFile.toString())));
        unsentFile = files.uploaded(bob, room, "bobs-draft.txt", "draft".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        API.post("/api/auth/logout", signedOut.token(), "");
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void uploadingToARoom(Caller caller) {
        Api.Response response = AttachmentClient.shared().upload(
                caller == Caller.MEMBER ? alice : new Api.User("x", token(caller)), room, "a.txt", "text/plain",
                new byte[] {1, 2, 3});

        assertThat(response.status()).isEqualTo(expectedForRoom(caller, 201));
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void downloadingASentAttachmentAndItsThumbnail(Caller caller) {
        AttachmentClient files = AttachmentClient.shared();
        Api.User user = token(caller) == null ? null : new Api.User("x", token(caller));

        var file = files.download(sentFile, user);
        var thumbnail = files.thumbnail(sentFile, user);

        assertThat(file.statusCode()).isEqualTo(expectedForRoom(caller, 200));
        assertThat(thumbnail.statusCode()).isEqualTo(expectedForRoom(caller, 200));
        if (caller != Caller.MEMBER) {
            assertThat(new String(file.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("PNG");
        }
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void nobodyButItsUploaderReadsOrSendsAnUnsentUpload(Caller caller) {
        Api.User user = token(caller) == null ? null : new Api.User("x", token(caller));

        int read = AttachmentClient.shared().download(unsentFile, user).statusCode();
        int sent = API.post("/api/messages/", token(caller), Map.of("room", room.toString(),
                "attachments", java.util.List.of(unsentFile.toString()))).status();

        assertThat(read).isEqualTo(expectedForRoom(caller, 404)); // the member is not its uploader
        assertThat(sent).isEqualTo(expectedForRoom(caller, 404));
    }

    private static String token(Caller caller) {
        return switch (caller) {
            case ANONYMOUS -> null;
            case FORGED_TOKEN -> "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
            case SIGNED_OUT -> signedOut.token();
            case NON_MEMBER -> outsider.token();
            case MEMBER -> alice.token();
        };
    }

    private static int expectedForRoom(Caller caller, int success) {
        return switch (caller) {
            case ANONYMOUS, FORGED_TOKEN, SIGNED_OUT -> 401;
            case NON_MEMBER -> 404;
            case MEMBER -> success;
        };
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void readingARoomsHistory(Caller caller) {
        Api.Response response = API.get("/api/messages/?room_uuid=" + room, token(caller));

        assertThat(response.status()).isEqualTo(expectedForRoom(caller, 200));
        if (response.status() != 200) {
            assertThat(response.body()).doesNotContain("only-for-members");
        }
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void postingToARoom(Caller caller) {
        int before = API.get("/api/messages/?room_uuid=" + room + "&limit=200", bob.token()).json().size();

        Api.Response response = API.post("/api/messages/", token(caller), Map.of("room", room.toString(), "content", "hi"));

        assertThat(response.status()).isEqualTo(expectedForRoom(caller, 201));
        int after = API.get("/api/messages/?room_uuid=" + room + "&limit=200", bob.token()).json().size();
        assertThat(after).isEqualTo(caller == Caller.MEMBER ? before + 1 : before);
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void searchingMessagesFindsOnlyTheCallersOwn(Caller caller) {
        if (caller == Caller.MEMBER) { // the index follows the log a moment behind: the member finds it in time
            Eventually.await(java.time.Duration.ofSeconds(15), "indexed", () -> API.get("/api/search/?q=only-for-members",
                    token(caller)).json().get("results").size() > 0);
        }
        Api.Response everywhere = API.get("/api/search/?q=only-for-members", token(caller));
        Api.Response inRoom = API.get("/api/search/?q=only-for-members&room_uuid=" + room, token(caller));

        assertThat(inRoom.status()).isEqualTo(expectedForRoom(caller, 200));
        switch (caller) {
            case ANONYMOUS, FORGED_TOKEN, SIGNED_OUT -> assertThat(everywhere.status()).isEqualTo(401);
            case NON_MEMBER -> assertThat(everywhere.json().get("results")).isEmpty();
            case MEMBER -> assertThat(everywhere.json().get("results")).isNotEmpty();
        }
        if (caller != Caller.MEMBER) {
            assertThat(everywhere.body() + inRoom.body()).doesNotContain("only-for-members\"");
        }
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void changingChatSettingsIsForMembersAndTouchesOnlyTheirOwn(Caller caller) {
        Api.Response response = API.patch("/api/rooms/" + room + "/settings/", token(caller),
                Map.of("marked_unread", true));

        assertThat(response.status()).isEqualTo(expectedForRoom(caller, 200));
        if (caller == Caller.MEMBER) {
            assertThat(API.patch("/api/rooms/" + room + "/settings/", token(caller), Map.of("marked_unread", false))
                    .status()).isEqualTo(200);
        } else {
            assertThat(response.body()).doesNotContain("only-for-members").doesNotContain(bob.username());
        }
        assertThat(API.get("/api/rooms/", bob.token()).json().get(0).get("marked_unread").asBoolean()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void listingRoomsShowsOnlyTheCallersOwn(Caller caller) {
        Api.Response response = API.get("/api/rooms/", token(caller));

        switch (caller) {
            case ANONYMOUS, FORGED_TOKEN, SIGNED_OUT -> assertThat(response.status()).isEqualTo(401);
            case NON_MEMBER -> assertThat(response.json()).isEmpty();
            case MEMBER -> assertThat(response.json()).extracting(r -> r.get("room_uuid").asText()).containsExactly(room.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void accountEndpointsNeedAValidSession(Caller caller) {
        boolean signedIn = caller == Caller.NON_MEMBER || caller == Caller.MEMBER;
        int expected = signedIn ? 200 : 401;

        assertThat(API.get("/api/me", token(caller)).status()).isEqualTo(expected);
        assertThat(API.get("/api/users/?q=mx", token(caller)).status()).isEqualTo(expected);
        assertThat(API.post("/api/rooms/", token(caller), Map.of("user", bob.username())).status())
                .isEqualTo(signedIn ? (caller == Caller.MEMBER ? 200 : 201) : 401);
        assertThat(API.get("/api/sessions/", token(caller)).status()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void aProfileChangeNeedsAValidSessionAndChangesOnlyTheCaller(Caller caller) {
        boolean signedIn = caller == Caller.NON_MEMBER || caller == Caller.MEMBER;
        String name = "Changed by " + caller;

        Api.Response response = API.patch("/api/me", token(caller), Map.of("display_name", name));

        assertThat(response.status()).isEqualTo(signedIn ? 200 : 401);
        assertThat(API.get("/api/me", bob.token()).json().get("display_name").isNull()).isTrue();
        if (signedIn) {
            assertThat(API.get("/api/me", token(caller)).json().path("display_name").asText()).isEqualTo(name);
        }
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void privacySettingsNeedAValidSessionAndChangeOnlyTheCaller(Caller caller) {
        boolean signedIn = caller == Caller.NON_MEMBER || caller == Caller.MEMBER;

        assertThat(API.get("/api/me/settings/", token(caller)).status()).isEqualTo(signedIn ? 200 : 401);
        Api.Response response = API.patch("/api/me/settings/", token(caller), Map.of("read_receipts", false));

        assertThat(response.status()).isEqualTo(signedIn ? 200 : 401);
        assertThat(API.get("/api/me/settings/", bob.token()).json().path("read_receipts").asBoolean()).isTrue();
        API.patch("/api/me/settings/", token(caller), Map.of("read_receipts", true)); // the matrix shares its users
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void nobodyButTheOwnerCanSeeOrEndASession(Caller caller) {
        String bobsSession = API.get("/api/sessions/", bob.token()).json().get(0).get("id").asText();

        int status = API.send(API.request("/api/sessions/" + bobsSession, token(caller)).DELETE()).status();

        assertThat(status).isEqualTo(caller == Caller.NON_MEMBER || caller == Caller.MEMBER ? 404 : 401);
        assertThat(API.get("/api/sessions/", bob.token()).json()).extracting(s -> s.get("id").asText())
                .contains(bobsSession);
        if (token(caller) != null && (caller == Caller.NON_MEMBER || caller == Caller.MEMBER)) {
            assertThat(API.get("/api/sessions/", token(caller)).json().toString()).doesNotContain(bobsSession);
        }
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void blockingNeedsAValidSession(Caller caller) {
        boolean signedIn = caller == Caller.NON_MEMBER || caller == Caller.MEMBER;
        Api.User target = API.register("mxt");
        String path = "/api/users/" + target.username() + "/block";

        assertThat(API.post(path, token(caller), "").status()).isEqualTo(signedIn ? 204 : 401);
        assertThat(API.get("/api/users/blocked/", token(caller)).status()).isEqualTo(signedIn ? 200 : 401);
        assertThat(API.send(API.request(path, token(caller)).DELETE()).status()).isEqualTo(signedIn ? 204 : 401);
        if (!signedIn) {
            assertThat(API.get("/api/users/blocked/", alice.token()).json().toString())
                    .doesNotContain(target.username());
        }
    }

    @Test
    void aMemberCannotPostAsTheOtherMember() {
        Api.Response response = API.post("/api/messages/", alice.token(),
                Map.of("room", room.toString(), "content", "from bob?", "user", bob.username()));

        assertThat(response.status()).isEqualTo(403);
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void everyRoomFrameOverTheWebSocket(Caller caller) {
        if (caller == Caller.ANONYMOUS || caller == Caller.FORGED_TOKEN || caller == Caller.SIGNED_OUT) {
            Throwable failure = null;
            try {
                (caller == Caller.ANONYMOUS ? WsClient.connectWithHeaders(TestServer.ws())
                        : WsClient.connectWithHeaders(TestServer.ws(), "Authorization", "Bearer " + token(caller))).close();
            } catch (CompletionException e) {
                failure = e.getCause();
            }
            assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) failure).getResponse().statusCode()).isEqualTo(401);
            return;
        }
        Api.User user = caller == Caller.MEMBER ? alice : outsider;
        try (WsClient socket = WsClient.connect(user)) {
            Stream.of(
                    Map.of("type", "send", "room_uuid", room, "content", "ws hi", "client_id", UUID.randomUUID().toString()),
                    Map.of("type", "typing", "room_uuid", room),
                    Map.of("type", "read", "room_uuid", room, "seq", 1),
                    Map.of("type", "sync", "since", Map.of(room.toString(), 0))).forEach(frame -> {
                        socket.send(frame);
                        socket.roundTrip();
                        JsonNode error = socket.drain(java.time.Duration.ZERO).stream()
                                .filter(f -> f.path("type").asText().equals("error")).findFirst().orElse(null);
                        if (caller == Caller.MEMBER) {
                            assertThat(error).as(frame.toString()).isNull();
                        } else {
                            assertThat(error).as(frame.toString()).isNotNull();
                            assertThat(error.get("code").asText()).isEqualTo("not_found");
                        }
                    });
        }
    }
}
