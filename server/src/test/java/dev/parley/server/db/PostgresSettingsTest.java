package dev.parley.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresSettingsTest {

    private static final long GB = 1024L * 1024 * 1024;

    @Test
    void sharedBuffersTakeAnEighthOfTheMemoryWithinBounds() {
        assertThat(PostgresSettings.sizedTo(24 * GB)).containsEntry("shared_buffers", "3072MB")
                .containsEntry("effective_cache_size", "12288MB").containsEntry("maintenance_work_mem", "768MB");
        assertThat(PostgresSettings.sizedTo(GB / 2)).containsEntry("shared_buffers", "128MB")
                .containsEntry("maintenance_work_mem", "64MB");
        assertThat(PostgresSettings.sizedTo(256 * GB)).containsEntry("shared_buffers", "8192MB")
                .containsEntry("maintenance_work_mem", "1024MB");
    }

    @Test
    void theOperatorsSettingsWinOverTheSizedOnesAndAddOthers() {
        Map<String, String> settings = Database.embeddedSettings(
                "shared_buffers=1GB, shared_preload_libraries=pg_stat_statements,auto_explain,track_io_timing=on",
                24 * GB);

        assertThat(settings).containsEntry("shared_buffers", "1GB")
                .containsEntry("shared_preload_libraries", "pg_stat_statements,auto_explain")
                .containsEntry("track_io_timing", "on")
                .containsEntry("fsync", "on")
                .containsEntry("max_wal_size", "8GB");
    }

    @Test
    void aMalformedOverrideIsAClearError() {
        assertThatThrownBy(() -> PostgresSettings.parse("shared_buffers"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name=value");
        assertThatThrownBy(() -> PostgresSettings.parse("=2,shared_buffers=1GB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'=2'");
        assertThatThrownBy(() -> PostgresSettings.parse("work_mem=4MB\nlisten_addresses=*"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresSettings.parse("x; DROP TABLE=1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(PostgresSettings.parse("  ")).isEmpty();
    }
}
