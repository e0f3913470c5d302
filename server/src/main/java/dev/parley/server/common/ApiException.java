package dev.parley.server.common;

import dev.parley.protocol.ServerFrame;
import io.helidon.http.Status;
import java.time.Duration;
import java.util.Optional;

/**
 * An expected failure of a request or frame: an HTTP status plus the stable error code that clients switch on.
 * Thrown by services and resources; mapped once to {@code {"error","message"}} (REST) or an error frame (WebSocket).
 */
public final class ApiException extends RuntimeException {

    private final Status status;
    private final String code;
    private final Duration retryAfter;

    private ApiException(Status status, String code, String message) {
        this(status, code, message, null);
    }

    private ApiException(Status status, String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfter = retryAfter;
    }

    /** When a retry may succeed (sent as {@code Retry-After}), if the failure says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** The error frame that tells a WebSocket client about this failure (with the retry hint, in ms, if any). */
    public ServerFrame.Error toFrame(String clientId) {
        return new ServerFrame.Error(code, getMessage(), clientId,
                retryAfter == null ? null : Math.max(1, (retryAfter.toNanos() + 999_999) / 1_000_000));
    }

    public Status status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(Status.BAD_REQUEST_400, "bad_request", message);
    }

    public static ApiException validation(String message) {
        return new ApiException(Status.BAD_REQUEST_400, "validation", message);
    }

    public static ApiException unauthenticated(String message) {
        return new ApiException(Status.UNAUTHORIZED_401, "unauthenticated", message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(Status.FORBIDDEN_403, "forbidden", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(Status.NOT_FOUND_404, "not_found", message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(Status.CONFLICT_409, "conflict", message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(Status.UNSUPPORTED_MEDIA_TYPE_415, "unsupported_media_type", message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "too_large", message);
    }

    public static ApiException rateLimited(String message) {
        return new ApiException(Status.TOO_MANY_REQUESTS_429, "rate_limited", message);
    }

    public static ApiException rateLimited(String message, Duration retryAfter) {
        return new ApiException(Status.TOO_MANY_REQUESTS_429, "rate_limited", message, retryAfter);
    }

    public static ApiException internal(String message) {
        return new ApiException(Status.INTERNAL_SERVER_ERROR_500, "internal", message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(Status.SERVICE_UNAVAILABLE_503, "unavailable", message);
    }

    /** The node sheds this work now (too much of it at once): nothing was changed, try again after {@code retryAfter}. */
    public static ApiException unavailable(String message, Duration retryAfter) {
        return new ApiException(Status.SERVICE_UNAVAILABLE_503, "unavailable", message, retryAfter);
    }

    /**
     * The database connection failed after a write was sent to it: it may or may not have been applied. Unlike
     * {@code unavailable} (nothing was changed), the caller must retry with the same {@code client_id} to learn which.
     */
    public static ApiException outcomeUnknown(String message) {
        return new ApiException(Status.SERVICE_UNAVAILABLE_503, "outcome_unknown", message);
    }
}
