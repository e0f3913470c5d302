package dev.parley.server.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Several statements in one round trip. Statements joined with {@code ;} and prepared as one {@link PreparedStatement}
 * (parameters numbered across all of them) are sent by the PostgreSQL driver as one pipeline ending in a single Sync.
 * With auto-commit on, PostgreSQL runs such a pipeline as one implicit transaction: it commits at the Sync, after the
 * last statement, or rolls every statement back when one of them fails. A lock taken by the first statement is
 * therefore held by the ones after it, without a round trip per statement.
 */
public final class Pipelines {

    private Pipelines() {
    }

    /** Executes a pipeline of {@code statements} statements and returns the rows of the last one (a query). */
    public static ResultSet lastResultSet(PreparedStatement pipeline, int statements) throws SQLException {
        if (!pipeline.getConnection().getAutoCommit()) {
            throw new IllegalStateException("a pipeline is its own transaction: run it with auto-commit on");
        }
        boolean isResultSet = pipeline.execute();
        for (int i = 1; i < statements; i++) {
            isResultSet = pipeline.getMoreResults();
        }
        if (!isResultSet) {
            throw new SQLException("the last statement of the pipeline returned no rows");
        }
        return pipeline.getResultSet();
    }
}
