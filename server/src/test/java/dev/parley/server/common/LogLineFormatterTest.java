package dev.parley.server.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** The server's log line: time, level, logger and message, with the stack trace of a throwable below it. */
class LogLineFormatterTest {

    private final LogLineFormatter formatter = new LogLineFormatter();

    @Test
    void aRecordBecomesOneLineWithItsLevelLoggerAndFormattedMessage() {
        LogRecord record = new LogRecord(Level.WARNING, "Delivery receipts not stored: {0}");
        record.setParameters(new Object[] {"connection refused"});
        record.setLoggerName("dev.parley.server.room.DeliveryRecorder");
        record.setInstant(Instant.parse("2026-11-24T10:15:30.123Z"));

        String line = formatter.format(record);

        assertThat(line).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3} WARNING "
                + "dev\\.parley\\.server\\.room\\.DeliveryRecorder: Delivery receipts not stored: connection refused"
                + System.lineSeparator());
    }

    @Test
    void aThrowableIsPrintedBelowTheMessage() {
        LogRecord record = new LogRecord(Level.SEVERE, "Send failed");
        record.setLoggerName("dev.parley.server.message.MessageService");
        record.setThrown(new IllegalStateException("boom"));

        String[] lines = formatter.format(record).split(System.lineSeparator());

        assertThat(lines[0]).endsWith("SEVERE dev.parley.server.message.MessageService: Send failed");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(lines[2]).contains("at dev.parley.server.common.LogLineFormatterTest");
    }
}
