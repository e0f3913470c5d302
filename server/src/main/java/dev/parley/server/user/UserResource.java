package dev.parley.server.user;

import dev.parley.protocol.UserView;
import dev.parley.server.common.AuthUser;
import dev.parley.server.common.Authenticator;
import dev.parley.server.common.ApiException;
import dev.parley.server.common.JsonBodies;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@code /api/users} and {@code /api/me}: finding people to chat with, and the caller. */
public final class UserResource implements HttpService {

    private static final int SEARCH_LIMIT = 20;
    private static final Pattern USERNAME_PREFIX = Pattern.compile("[a-z0-9_.-]*");

    private final Authenticator authenticator;
    private final UserRepository users;
    private final ProfileService profiles;
    private final PrivacyService privacy;

    public UserResource(Authenticator authenticator, UserRepository users, ProfileService profiles,
                        PrivacyService privacy) {
        this.authenticator = authenticator;
        this.users = users;
        this.profiles = profiles;
        this.privacy = privacy;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/users", this::search) // ?q=<prefix> -> [{username, online, last_seen}], at most 20, the caller excluded
                .get("/users/", this::search)
                .get("/me", this::me)      // the caller
                .patch("/me", this::updateProfile) // {display_name?, about?} -> the caller, told to their contacts
                .get("/me/settings/", this::settings)             // {last_seen, read_receipts}
                .patch("/me/settings/", this::updateSettings);   // {last_seen?, read_receipts?} -> the settings
    }

    private void search(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        String prefix = req.query().first("q").orElse("").strip().toLowerCase(Locale.ROOT);
        if (prefix.isEmpty()) {
            // Without a prefix, paging through the whole user list would be one request per 20 names.
            throw ApiException.validation("q must be at least 1 character: type the start of a name");
        }
        if (prefix.length() > 32) {
            throw ApiException.validation("q must be at most 32 characters");
        }
        if (!USERNAME_PREFIX.matcher(prefix).matches()) {
            JsonBodies.send(res, List.of()); // no username contains other characters
            return;
        }
        JsonBodies.send(res, users.findByPrefix(prefix, user.id(), SEARCH_LIMIT).stream()
                .map(UserRepository.UserRow::view)
                .toList());
    }

    private void me(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        UserRepository.UserRow row = users.findByName(user.username()).orElseThrow();
        JsonBodies.send(res, row.view());
    }

    private void updateProfile(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        JsonBodies.send(res, profiles.update(user, JsonBodies.readTree(req)));
    }

    private void settings(ServerRequest req, ServerResponse res) {
        JsonBodies.send(res, privacy.settings(authenticator.require(req)));
    }

    private void updateSettings(ServerRequest req, ServerResponse res) {
        AuthUser user = authenticator.require(req);
        JsonBodies.send(res, privacy.update(user, JsonBodies.readTree(req)));
    }
}
