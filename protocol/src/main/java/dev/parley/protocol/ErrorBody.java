package dev.parley.protocol;

import static java.util.Objects.requireNonNull;

/**
 * The body of every failed REST call: a stable machine-readable {@code error} code
 * (bad_request, validation, unauthenticated, forbidden, not_found, conflict, too_large, rate_limited, internal)
 * and a human-readable {@code message}.
 */
public record ErrorBody(String error, String message) {
    public ErrorBody {
        requireNonNull(error, "error");
        requireNonNull(message, "message");
    }
}
