package dev.parley.server.common;

import dev.parley.protocol.ErrorBody;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * The one mapping from a failure to an API error (code + message): {@link #toApiException} is used by the HTTP error
 * handlers registered here, by the WebSocket endpoint and by the message writer's replies alike.
 */
public final class ErrorMapping {

    private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {
    }

    /** What a client is told when the database cannot be reached: nothing it asked for was changed. */
    public static final String UNAVAILABLE = "the database is unavailable; nothing was changed, try again";
    public static final String OUTCOME_UNKNOWN = "the connection to the database was lost while this was being stored: "
            + "it may or may not have been; send it again with the same client_id to get what was stored, or store it"
            + " once";

    /**
     * A write whose commit was sent but whose confirmation never came (the connection failed on the way): whether it
     * was applied is unknown. Thrown with the connection failure as its cause; mapped to {@code outcome_unknown}.
     */
    public static final class OutcomeUnknownException extends RuntimeException {
        public OutcomeUnknownException(java.sql.SQLException cause) {
            super("outcome unknown: " + cause.getMessage(), cause);
        }
    }

    /**
     * What a REST write is told when the database connection failed after the request's statements may have reached
     * it: the change may have been stored, and only reading it back tells.
     */
    public static final String OUTCOME_UNKNOWN_WRITE = "the connection to the database was lost while this was being"
            + " stored: it may or may not have been; read it back before repeating it";

    /** {@code failure} as an {@link OutcomeUnknownException} when it is a lost connection, else as it is. */
    public static java.sql.SQLException unlessConnectionLost(java.sql.SQLException failure) {
        if (isDatabaseOutage(failure)) {
            throw new OutcomeUnknownException(failure);
        }
        return failure;
    }

    /**
     * The API error for a failure: an {@link ApiException} as it is, a database outage as {@code unavailable}
     * (logged as a warning), anything else as {@code internal} (logged once, with its stack trace, under
     * {@code context}; the client learns nothing about internals).
     */
    public static ApiException toApiException(Throwable failure, String context) {
        return toApiException(failure, context, false);
    }

    /**
     * As {@link #toApiException(Throwable, String)}; for a {@code write} (a request that changes something) a database
     * outage is {@code outcome_unknown} unless it struck before anything was sent ({@link #beforeAnythingWasSent}):
     * a statement sent on a connection that then failed may have been committed, so "nothing was changed" would be
     * a guess (a sign-up stored and answered {@code unavailable} made its retry a 409).
     */
    public static ApiException toApiException(Throwable failure, String context, boolean write) {
        Throwable cause = failure;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ApiException api) {
            return api;
        }
        if (cause instanceof OutcomeUnknownException) {
            LOG.log(Level.WARNING, "Outcome unknown in " + context + ": " + cause.getMessage());
            return ApiException.outcomeUnknown(OUTCOME_UNKNOWN);
        }
        if (isDatabaseOutage(cause)) {
            if (write && !beforeAnythingWasSent(cause)) {
                LOG.log(Level.WARNING, "Outcome unknown in " + context + ": " + cause.getMessage());
                return ApiException.outcomeUnknown(OUTCOME_UNKNOWN_WRITE);
            }
            LOG.log(Level.WARNING, "Database unavailable in " + context + ": " + cause.getMessage());
            return ApiException.unavailable(UNAVAILABLE);
        }
        LOG.log(Level.ERROR, "Unhandled failure in " + context, cause);
        return ApiException.internal("internal server error");
    }

    /** Whether a failure means the database cannot be reached now (as opposed to a bug in a statement). */
    public static boolean isDatabaseOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof IllegalStateException && t.getMessage() != null
                    && t.getMessage().startsWith("No database connection")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a database outage struck before any statement could be sent: no connection could be had (the pool
     * timed out waiting for one, or opening one was refused), so nothing reached the database.
     */
    static boolean beforeAnythingWasSent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true; // the pool's "connection is not available, request timed out"
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().equals("08001") || sql.getSQLState().equals("08004"))) {
                return true; // unable to connect, connection rejected
            }
            if (t instanceof IllegalStateException && t.getMessage() != null
                    && t.getMessage().startsWith("No database connection")) {
                return true;
            }
        }
        return false;
    }

    /** Registers the error handlers on the routing. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> {
            if (e.status() == Status.UNAUTHORIZED_401) {
                res.header("WWW-Authenticate", "Bearer");
            }
            e.retryAfter().ifPresent(wait -> res.header("Retry-After",
                    String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000))));
            JsonBodies.send(res, e.status(), new ErrorBody(e.code(), e.getMessage()));
        });
        routing.error(HttpException.class, (req, res, e) -> {
            Status status = e.status();
            if (status.code() == 304) {
                // Static content answers a matching If-None-Match this way: not an error, and no body allowed.
                res.status(status).send();
                return;
            }
            String code = status.code() == 413 ? "too_large" : status.code() == 404 ? "not_found" : "bad_request";
            JsonBodies.send(res, status, new ErrorBody(code, e.getMessage()));
        });
        routing.error(RequestException.class, (req, res, e) -> {
            Status status = e.status();
            String code = status.code() == 413 ? "too_large" : status.code() == 404 ? "not_found" : "bad_request";
            JsonBodies.send(res, status, new ErrorBody(code, status.reasonPhrase()));
        });
        routing.error(Exception.class, (req, res, e) -> {
            String method = req.prologue().method().text();
            boolean write = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
            ApiException api = toApiException(e, method + " " + req.path().path(), write);
            JsonBodies.send(res, api.status(), new ErrorBody(api.code(), api.getMessage()));
        });
    }
}
