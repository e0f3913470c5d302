package dev.parley.server.auth;

import com.password4j.Argon2Function;
import com.password4j.Password;
import com.password4j.types.Argon2;

/**
 * Argon2id password hashing (OWASP's minimum: 19 MiB, 2 iterations, 1 lane) in PHC string format,
 * so parameters can be raised later without invalidating stored hashes.
 */
public final class PasswordHasher {

    private static final Argon2Function ARGON2 = Argon2Function.getInstance(19 * 1024, 2, 1, 32, Argon2.ID);

    /** A valid hash of a random password: verified against when the username is unknown, so timing reveals nothing. */
    private static final String DUMMY_HASH = hash("dummy-password-for-unknown-users");

    private PasswordHasher() {
    }

    public static String hash(String password) {
        return Password.hash(password).addRandomSalt(16).with(ARGON2).getResult();
    }

    static boolean verify(String password, String hash) {
        return Password.check(password, hash).with(Argon2Function.getInstanceFromHash(hash));
    }

    /** Spends the same time as a real verification and always fails. */
    static boolean verifyAgainstDummy(String password) {
        verify(password, DUMMY_HASH);
        return false;
    }
}
