package dev.parley.desktop.net;

/**
 * A failed REST call: the HTTP status and the server's stable error code, or status 0 and code
 * {@code unreachable} when the server could not be reached at all.
 */
public final class ApiException extends RuntimeException {

    public static final String UNREACHABLE = "unreachable";

    private final int status;
    private final String code;
    private final Long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, null);
    }

    /** {@code retryAfterSeconds}: when the server says the call would succeed again (429), else null. */
    public ApiException(int status, String code, String message, Long retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public ApiException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
        this.code = UNREACHABLE;
        this.retryAfterSeconds = null;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /**
     * Whether the server lost its database connection after the change was sent ({@code outcome_unknown}): it may
     * have been stored. Read it back before repeating it (a new group made twice otherwise).
     */
    public boolean outcomeUnknown() {
        return "outcome_unknown".equals(code);
    }

    /** The server's {@code Retry-After} in seconds, or null when it sent none. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Unwraps the ApiException behind a CompletableFuture failure, or wraps anything else as unreachable. */
    public static ApiException of(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.CompletionException
                || t instanceof java.util.concurrent.ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof ApiException api ? api : new ApiException(String.valueOf(t.getMessage()), t);
    }
}
