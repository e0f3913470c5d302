package dev.parley.server.user;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** The one rule for usernames: 3–32 characters of {@code a-z 0-9 _ . -}, case-insensitive, stored in lower case. */
public final class Usernames {

    /** What a client is told when a username breaks the rule. */
    public static final String RULE = "username must be 3-32 characters of a-z, 0-9, '_', '.', '-'";

    private static final Pattern USERNAME = Pattern.compile("[a-z0-9_.-]{3,32}");

    private Usernames() {
    }

    /** The name as stored: lower case. */
    public static String normalise(String username) {
        return username.toLowerCase(Locale.ROOT);
    }

    /** The normalised name if an account could have it, else empty (so such a name is looked up nowhere). */
    public static Optional<String> valid(String username) {
        String name = normalise(username);
        return USERNAME.matcher(name).matches() ? Optional.of(name) : Optional.empty();
    }
}
