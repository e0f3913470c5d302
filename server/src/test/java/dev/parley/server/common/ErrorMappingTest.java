package dev.parley.server.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * What a database outage is called: {@code unavailable} only when nothing can have reached the database, else, for a
 * write, {@code outcome_unknown}. The outage in a real fault is in DatabasePartitionTest; these are the exceptions
 * the pool and the driver throw, as they throw them.
 */
class ErrorMappingTest {

    /** pgjdbc's failure on an established connection: the statement may have gone out. */
    private static final SQLException LOST = new SQLException("An I/O error occurred while sending to the backend.",
            "08006");

    @Test
    void aConnectionLostUnderAWriteIsOfUnknownOutcome() {
        ApiException api = ErrorMapping.toApiException(new RuntimeException("Failed to execute Statement", LOST),
                "PATCH /api/me", true);

        assertThat(api.code()).isEqualTo("outcome_unknown");
        assertThat(api.getMessage()).contains("may or may not have been");
    }

    @Test
    void aConnectionLostUnderAReadChangedNothing() {
        assertThat(ErrorMapping.toApiException(new RuntimeException(LOST), "GET /api/me", false).code())
                .isEqualTo("unavailable");
    }

    @Test
    void noConnectionToBeHadMeansNothingWasSentEvenForAWrite() {
        SQLException refused = new SQLException("Connection to localhost:5432 refused.", "08001");
        SQLTransientConnectionException poolTimedOut = new SQLTransientConnectionException(
                "parley - Connection is not available, request timed out after 5000ms.", "08001", refused);

        assertThat(ErrorMapping.toApiException(new RuntimeException(poolTimedOut), "POST /api/rooms/", true).code())
                .isEqualTo("unavailable");
        assertThat(ErrorMapping.toApiException(new RuntimeException(refused), "POST /api/auth/register", true).code())
                .isEqualTo("unavailable");
    }

    @Test
    void anythingElseStaysInternal() {
        assertThat(ErrorMapping.toApiException(new IllegalStateException("a bug"), "POST /api/rooms/", true).code())
                .isEqualTo("internal");
    }
}
