package dev.parley.server.auth;

import dev.parley.server.common.AuthUser;
import dev.parley.protocol.UserView;
import dev.parley.server.common.ApiException;
import dev.parley.server.user.UserRepository;
import dev.parley.server.user.Usernames;
import dev.parley.server.user.UserRepository.UserRow;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.Optional;

/** Registration, login, logout and token checks. Passwords and tokens never leave this class unhashed except the new token. */
public final class AuthService {

    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 1024;

    /** A new session: the token (returned to the client once) and the user. */
    public record Session(String token, UserView user) {
        @Override
        public String toString() {
            return "Session[token=***, user=" + user + "]";
        }
    }

    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordWork passwords;
    private final LoginThrottle throttle;
    private final RegistrationLimit registrations;
    private final int sessionDays;
    private final Consumer<String> sessionEnded;
    /**
     * Sessions looked up in the last few seconds: every REST call authenticates, and most come in bursts. Sign-out
     * evicts at once here and, through the cluster bus, on the other nodes.
     */
    private final Map<String, Cached> recent = new ConcurrentHashMap<>();

    private record Cached(AuthUser user, long at) {
    }

    private static final Duration CACHE_FOR = Duration.ofSeconds(10);
    private static final int MAX_CACHED = 100_000;

    /** {@code sessionEnded} is told the session key of every sign-out, to close that session's connections. */
    public AuthService(UserRepository users, SessionRepository sessions, PasswordWork passwords, LoginThrottle throttle,
                       RegistrationLimit registrations, int sessionDays, Consumer<String> sessionEnded) {
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.throttle = throttle;
        this.registrations = registrations;
        this.sessionDays = sessionDays;
        this.sessionEnded = sessionEnded;
    }

    /**
     * Creates the user and a first session; usernames are case-insensitive and stored in lower case. Registrations
     * from one network are limited ({@code address} is the client's).
     */
    public Session register(String username, String password, String address) {
        String name = Usernames.valid(username).orElseThrow(() -> ApiException.validation(Usernames.RULE));
        checkPasswordShape(password);
        registrations.acquire(address);
        UserRow user = users.insert(name, passwords.hash(password))
                .orElseThrow(() -> ApiException.conflict("username is taken"));
        return newSession(user);
    }

    /**
     * Checks the password and opens a session. Attempts are limited per (username, network) and per network before
     * the password is checked, and an account's recent failures delay its checks (see {@link LoginThrottle}).
     */
    public Session login(String username, String password, String address) {
        // A name no account can have is looked up nowhere and keys no bucket (and NUL bytes never reach the database).
        Optional<String> name = Usernames.valid(username);
        LoginThrottle.Attempt attempt = throttle.begin(name.orElse(null), address);
        pause(throttle.delayFor(name.orElse(null)));
        Optional<UserRow> user = name.flatMap(users::findByName);
        boolean valid = user.isPresent()
                ? passwords.verify(password, user.get().passwordHash())
                : passwords.verifyAgainstDummy(password);
        if (!valid) {
            attempt.failed();
            throw ApiException.unauthenticated("wrong username or password");
        }
        attempt.succeeded();
        return newSession(user.get());
    }

    /** The account's guessing delay: the request's virtual thread waits, nothing else does. */
    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Revokes the session of this token and ends its open connections on every node. An unknown token costs one
     * delete by primary key that finds nothing (the look-up and the revocation in one statement, so two sign-outs
     * cannot both announce), and nothing else: no connection scan, no cluster notification.
     */
    public void logout(String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return; // no session has such a token (see authenticate)
        }
        byte[] hash = Tokens.hash(token);
        String session = HexFormat.of().formatHex(hash);
        boolean existed = sessions.delete(hash);
        forget(session); // cheap, and covers a sign-out on another node whose notification is still on its way
        if (existed) {
            sessionEnded.accept(session);
        }
    }

    /** The user of a live session. */
    public Optional<AuthUser> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 256) {
            return Optional.empty();
        }
        byte[] hash = Tokens.hash(token);
        String key = HexFormat.of().formatHex(hash);
        long now = System.nanoTime();
        Cached cached = recent.get(key);
        if (cached != null && now - cached.at() < CACHE_FOR.toNanos()) {
            return Optional.of(cached.user());
        }
        Optional<AuthUser> user = sessions.findUser(hash);
        if (user.isPresent()) {
            if (recent.size() > MAX_CACHED) {
                recent.clear();
            }
            recent.put(key, new Cached(user.get(), now));
        }
        return user;
    }

    /** Forgets a session this node may have cached (it signed out here or on another node). */
    public void forget(String session) {
        recent.remove(session);
    }

    private Session newSession(UserRow user) {
        String token = Tokens.newToken();
        sessions.insert(Tokens.hash(token), user.id(), sessionDays);
        return new Session(token, new UserView(user.username(), user.online(), user.lastSeen()));
    }

    private static void checkPasswordShape(String password) {
        if (password.length() < MIN_PASSWORD) {
            throw ApiException.validation("password must be at least " + MIN_PASSWORD + " characters");
        }
        if (password.length() > MAX_PASSWORD) {
            throw ApiException.validation("password must be at most " + MAX_PASSWORD + " characters");
        }
    }
}
