package dev.parley.server.auth;

import dev.parley.server.common.AuthUser;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.parley.protocol.SessionView;
import dev.parley.protocol.UserView;
import dev.parley.server.common.ApiException;
import dev.parley.server.user.UserRepository;
import dev.parley.server.user.Usernames;
import dev.parley.server.user.UserRepository.UserRow;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.Optional;

/** Registration, login, logout and token checks. Passwords and tokens never leave this class unhashed except the new token. */
public final class AuthService {

    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 1024;

    /** Who is signing in or up: the client's address and what it says it is (its User-Agent, or null). */
    public record Client(String address, String userAgent) {
    }

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
    private final SessionLimits limits;
    private final Consumer<String> sessionEnded;
    /**
     * Sessions looked up in the last few seconds: every REST call authenticates, and most come in bursts. Sign-out
     * evicts at once here and, through the cluster bus, on the other nodes. Bounded.
     */
    private final Cache<String, AuthUser> recent = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofSeconds(10))
            .build();

    /** How long sessions live: {@code days} at most, {@code idleDays} without use, {@code perUser} per user. */
    public record SessionLimits(int days, int idleDays, int perUser) {
    }

    /** {@code sessionEnded} is told the session key of every sign-out, to close that session's connections. */
    public AuthService(UserRepository users, SessionRepository sessions, PasswordWork passwords, LoginThrottle throttle,
                       RegistrationLimit registrations, SessionLimits limits, Consumer<String> sessionEnded) {
        this.users = users;
        this.sessions = sessions;
        this.passwords = passwords;
        this.throttle = throttle;
        this.registrations = registrations;
        this.limits = limits;
        this.sessionEnded = sessionEnded;
    }

    /**
     * Creates the user and a first session; usernames are case-insensitive and stored in lower case. Registrations
     * from one network are limited ({@code address} is the client's).
     */
    public Session register(String username, String password, Client client) {
        String name = Usernames.valid(username).orElseThrow(() -> ApiException.validation(Usernames.RULE));
        checkPasswordShape(password);
        registrations.acquire(client.address());
        UserRow user = users.insert(name, passwords.hash(password))
                .orElseThrow(() -> ApiException.conflict("username is taken"));
        return newSession(user, client);
    }

    /**
     * Checks the password and opens a session. Attempts are limited per (username, network) and per network before
     * the password is checked, and an account's recent failures delay its checks (see {@link LoginThrottle}).
     */
    public Session login(String username, String password, Client client) {
        // A name no account can have is looked up nowhere and keys no bucket (and NUL bytes never reach the database).
        Optional<String> name = Usernames.valid(username);
        LoginThrottle.Attempt attempt = throttle.begin(name.orElse(null), client.address());
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
        return newSession(user.get(), client);
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
        AuthUser cached = recent.getIfPresent(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<AuthUser> user = sessions.findUser(hash);
        user.ifPresent(found -> recent.put(key, found));
        return user;
    }

    /** Forgets a session this node may have cached (it signed out here or on another node). */
    public void forget(String session) {
        recent.invalidate(session);
    }

    private Session newSession(UserRow user, Client client) {
        String token = Tokens.newToken();
        sessions.insert(Tokens.hash(token), user.id(), limits.days(), client.userAgent(), client.address());
        // One more device than allowed: the least recently used one is signed out.
        sessions.deleteBeyond(user.id(), limits.perUser()).forEach(this::ended);
        return new Session(token, user.view());
    }

    /** The caller's signed-in devices, most recently used first; {@code current} marks the token of the request. */
    public List<SessionView> sessions(AuthUser user, String currentToken) {
        return sessions.ofUser(user.id(), Tokens.hash(currentToken));
    }

    /** Signs one of the caller's devices out (its sockets close on every node); 404 for an id that is not theirs. */
    public void revoke(AuthUser user, UUID id) {
        ended(sessions.deleteById(user.id(), id)
                .orElseThrow(() -> ApiException.notFound("no such session")));
    }

    /** Signs every device of the caller out, this one included. */
    public void revokeAll(AuthUser user) {
        sessions.deleteAll(user.id()).forEach(this::ended);
    }

    /** Which of these session keys are still live (expired, idle or revoked ones are not); marks them used. */
    public Set<String> liveSessions(Collection<String> keys) {
        return sessions.liveAmong(keys);
    }

    /** Removes expired and idle sessions from the database; how many. */
    public long purgeDeadSessions() {
        return sessions.deleteDead();
    }

    private void ended(String session) {
        forget(session);
        sessionEnded.accept(session);
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
