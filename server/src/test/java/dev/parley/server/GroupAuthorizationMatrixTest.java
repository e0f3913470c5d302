package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every group route and frame against every kind of caller: strangers never learn the group exists (401 / 404),
 * a former member reads what they saw and changes nothing (403), a member talks but does not administer (403), an
 * admin administers. Each refused change is checked to have changed nothing.
 */
class GroupAuthorizationMatrixTest {

    enum Caller { ANONYMOUS, FORGED_TOKEN, SIGNED_OUT, NON_MEMBER, EX_MEMBER, MEMBER, ADMIN }

    private static final Api API = Api.shared();
    private static Api.User owner;
    private static Api.User admin;
    private static Api.User member;
    private static Api.User former;
    private static Api.User outsider;
    private static Api.User signedOut;
    private static UUID group;
    private static String base;

    @BeforeAll
    static void setUp() {
        owner = API.register("gmx");
        admin = API.register("gmxa");
        member = API.register("gmxm");
        former = API.register("gmxf");
        outsider = API.register("gmxo");
        signedOut = API.register("gmxs");
        group = API.group(owner, "Matrix", admin, member, former);
        base = "/api/rooms/" + group + "/";
        API.patch(base + "members/" + admin.username() + "/", owner.token(), Map.of("role", "admin"));
        API.post("/api/messages/", owner.token(), Map.of("room", group.toString(), "content", "seen by former"));
        API.delete(base + "members/" + former.username() + "/", owner.token());
        API.post("/api/messages/", owner.token(), Map.of("room", group.toString(), "content", "after-former-left"));
        API.post("/api/auth/logout", signedOut.token(), "");
    }

    private static String token(Caller caller) {
        return switch (caller) {
            case ANONYMOUS -> null;
            case FORGED_TOKEN -> "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
            case SIGNED_OUT -> signedOut.token();
            case NON_MEMBER -> outsider.token();
            case EX_MEMBER -> former.token();
            case MEMBER -> member.token();
            case ADMIN -> admin.token();
        };
    }

    /** The status a caller gets for a change only admins may make. */
    private static int forAdminChange(Caller caller, int success) {
        return switch (caller) {
            case ANONYMOUS, FORGED_TOKEN, SIGNED_OUT -> 401;
            case NON_MEMBER -> 404;
            case EX_MEMBER, MEMBER -> 403;
            case ADMIN -> success;
        };
    }

    private static boolean signedIn(Caller caller) {
        return caller != Caller.ANONYMOUS && caller != Caller.FORGED_TOKEN && caller != Caller.SIGNED_OUT;
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void readingTheGroupAndItsHistoryShowsOnlyWhatTheCallerMaySee(Caller caller) {
        Api.Response room = API.get(base, token(caller));
        Api.Response history = API.get("/api/messages/?room_uuid=" + group, token(caller));

        int expected = !signedIn(caller) ? 401 : caller == Caller.NON_MEMBER ? 404 : 200;
        assertThat(room.status()).isEqualTo(expected);
        assertThat(history.status()).isEqualTo(expected);
        if (caller == Caller.EX_MEMBER) {
            assertThat(room.json().get("member").asBoolean()).isFalse();
            assertThat(history.body()).contains("seen by former").doesNotContain("after-former-left");
        } else if (expected == 200) {
            assertThat(history.body()).contains("after-former-left");
        } else {
            assertThat(room.body()).doesNotContain("Matrix");
            assertThat(history.body()).doesNotContain("seen by former");
        }
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void renaming(Caller caller) {
        String name = "Renamed by " + caller;

        int status = API.patch(base, token(caller), Map.of("name", name)).status();

        assertThat(status).isEqualTo(forAdminChange(caller, 200));
        assertThat(API.get(base, owner.token()).json().get("room_name").asText().equals(name))
                .isEqualTo(caller == Caller.ADMIN);
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void addingAMember(Caller caller) {
        Api.User newcomer = API.register("gmxn");

        int status = API.post(base + "members/", token(caller), Map.of("users", List.of(newcomer.username())))
                .status();

        assertThat(status).isEqualTo(forAdminChange(caller, 200));
        assertThat(users().contains(newcomer.username())).isEqualTo(caller == Caller.ADMIN);
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void removingAMember(Caller caller) {
        Api.User target = API.register("gmxr");
        API.post(base + "members/", owner.token(), Map.of("users", List.of(target.username())));

        int status = API.delete(base + "members/" + target.username() + "/", token(caller)).status();

        assertThat(status).isEqualTo(forAdminChange(caller, 204));
        assertThat(users().contains(target.username())).isEqualTo(caller != Caller.ADMIN);
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void changingARole(Caller caller) {
        Api.User target = API.register("gmxp");
        API.post(base + "members/", owner.token(), Map.of("users", List.of(target.username())));

        int status = API.patch(base + "members/" + target.username() + "/", token(caller), Map.of("role", "admin"))
                .status();

        assertThat(status).isEqualTo(forAdminChange(caller, 200));
        JsonNode room = API.get(base, owner.token()).json();
        String role = "";
        for (JsonNode m : room.get("members")) {
            if (m.get("username").asText().equals(target.username())) {
                role = m.get("role").asText();
            }
        }
        assertThat(role).isEqualTo(caller == Caller.ADMIN ? "admin" : "member");
    }

    @ParameterizedTest
    @EnumSource(Caller.class)
    void postingAMessage(Caller caller) {
        String content = "posted by " + caller;

        int status = API.post("/api/messages/", token(caller), Map.of("room", group.toString(), "content", content))
                .status();

        int expected = switch (caller) {
            case ANONYMOUS, FORGED_TOKEN, SIGNED_OUT -> 401;
            case NON_MEMBER -> 404;
            case EX_MEMBER -> 403;
            case MEMBER, ADMIN -> 201;
        };
        assertThat(status).isEqualTo(expected);
        assertThat(API.get("/api/messages/?room_uuid=" + group + "&limit=200", owner.token()).body().contains(content))
                .isEqualTo(expected == 201);
    }

    @ParameterizedTest
    @EnumSource(value = Caller.class, names = {"NON_MEMBER", "EX_MEMBER", "MEMBER"})
    void everyGroupFrameOverTheWebSocket(Caller caller) {
        Api.User user = switch (caller) {
            case NON_MEMBER -> outsider;
            case EX_MEMBER -> former;
            default -> member;
        };
        try (WsClient socket = WsClient.connect(user)) {
            for (Map<String, Object> frame : List.<Map<String, Object>>of(
                    Map.of("type", "send", "room_uuid", group, "content", "ws " + caller, "client_id",
                            UUID.randomUUID().toString()),
                    Map.of("type", "typing", "room_uuid", group),
                    Map.of("type", "read", "room_uuid", group, "seq", 1),
                    Map.of("type", "sync", "since", Map.of(group.toString(), 0)))) {
                socket.send(frame);
                socket.roundTrip();
                JsonNode error = socket.drain(Duration.ZERO).stream()
                        .filter(f -> f.path("type").asText().equals("error")).findFirst().orElse(null);
                boolean sync = frame.get("type").equals("sync");
                switch (caller) {
                    case NON_MEMBER -> assertThat(code(error)).as(frame.toString()).isEqualTo("not_found");
                    case EX_MEMBER -> {
                        if (sync) {
                            assertThat(error).as(frame.toString()).isNull();
                        } else {
                            assertThat(code(error)).as(frame.toString()).isEqualTo("forbidden");
                        }
                    }
                    default -> assertThat(error).as(frame.toString()).isNull();
                }
            }
        }
        assertThat(API.get("/api/messages/?room_uuid=" + group + "&limit=200", owner.token()).body()
                .contains("ws " + caller)).isEqualTo(caller == Caller.MEMBER);
    }

    private static String code(JsonNode error) {
        return error == null ? "no error" : error.get("code").asText();
    }

    private static List<String> users() {
        return java.util.stream.StreamSupport.stream(API.get(base, owner.token()).json().get("users").spliterator(),
                false).map(JsonNode::asText).toList();
    }
}
