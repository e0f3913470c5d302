package dev.parley.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./parley bench aot} end to end, small: a training storm of a few dozen clients leaves a cache that a server
 * then starts from. {@code -XX:AOTMode=on} makes the JVM refuse to start unless it can map that cache, so a node that
 * answers its health check proves the cache fits the jar and the JDK. Speed is never asserted.
 */
class AotTrainingTest {

    @Test
    void aTrainingRunLeavesACacheThatTheServerStartsFrom(@TempDir Path dir) throws IOException {
        assumeTrue(Runtime.version().feature() >= 25, "the JDK makes AOT caches with profiles from 25 on");
        Path jar = Server.findJar();
        Path cache = dir.resolve("parley-server.aot");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        AotTraining.train(jar, cache, 20, 1, Path.of("target", "results"), quiet);

        assertThat(cache).isRegularFile();
        assertThat(Files.size(cache)).isGreaterThan(1024 * 1024);
        List<String> jvm = new ArrayList<>(Server.shippedJvmOptions(jar));
        jvm.add("-XX:AOTCache=" + cache);
        jvm.add("-XX:AOTMode=on");
        try (Server server = Server.start(new Server.Launch(jar, Path.of("target", "servers"), null, jvm, Map.of()))) {
            assertThat(server.http()).isNotNull(); // healthy: start() waited for the health check
        }
    }
}
