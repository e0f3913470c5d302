package dev.parley.server.common;

import dev.parley.protocol.ErrorBody;
import io.helidon.dbclient.DbClientException;
import io.helidon.http.HttpException;
import io.helidon.http.RequestException;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** The one mapping from exceptions to {@code {"error","message"}} responses. */
public final class ErrorMapping {

    private static final System.Logger LOG = System.getLogger(ErrorMapping.class.getName());

    private ErrorMapping() {
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

    /** Registers the error handlers on the routing. */
    public static void register(HttpRouting.Builder routing) {
        routing.error(ApiException.class, (req, res, e) -> {
            if (e.status() == Status.UNAUTHORIZED_401) {
                res.header("WWW-Authenticate", "Bearer");
            }
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
        routing.error(DbClientException.class, (req, res, e) -> {
            if (!isDatabaseOutage(e)) {
                LOG.log(Level.ERROR, "Database statement failed in " + req.path().path(), e);
                JsonBodies.send(res, Status.INTERNAL_SERVER_ERROR_500, new ErrorBody("internal", "internal server error"));
                return;
            }
            // The database is down or unreachable: say so, and let the client retry (nothing was acknowledged).
            LOG.log(Level.WARNING, "Database failure in " + req.prologue().method().text() + " " + req.path().path()
                    + ": " + e.getMessage());
            JsonBodies.send(res, Status.SERVICE_UNAVAILABLE_503, new ErrorBody("unavailable",
                    "the database is unavailable; nothing was changed, try again"));
        });
        routing.error(Exception.class, (req, res, e) -> {
            if (isDatabaseOutage(e)) {
                LOG.log(Level.WARNING, "Database unavailable in " + req.path().path() + ": " + e.getMessage());
                JsonBodies.send(res, Status.SERVICE_UNAVAILABLE_503, new ErrorBody("unavailable",
                        "the database is unavailable; nothing was changed, try again"));
                return;
            }
            // Logged once here with the request line; the client learns nothing about internals.
            LOG.log(Level.ERROR, "Unhandled failure in " + req.prologue().method().text() + " " + req.path().path(), e);
            JsonBodies.send(res, Status.INTERNAL_SERVER_ERROR_500, new ErrorBody("internal", "internal server error"));
        });
    }
}
