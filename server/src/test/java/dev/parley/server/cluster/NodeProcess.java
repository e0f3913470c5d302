package dev.parley.server.cluster;

import dev.parley.server.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** A Parley node in its own JVM, configured through the environment exactly like production, so it can be killed -9. */
final class NodeProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    NodeProcess(Map<String, String> settings) {
        this.port = freePort();
        Path dataDir = TestServer.freshDataDir();
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.parley.server.Main")
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("SERVER_PORT", String.valueOf(port));
        env.put("PARLEY_DATA_DIR", dataDir.toString());
        settings.forEach((key, value) -> env.put(environmentName(key), value));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CountDownLatch started = new CountDownLatch(1);
        Thread.startVirtualThread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("Parley is running at")) {
                        started.countDown();
                    }
                }
            } catch (IOException e) {
                // the process is gone
            }
        });
        try {
            if (!started.await(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("node process did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI ws() {
        return URI.create("ws://127.0.0.1:" + port + "/ws");
    }

    URI http() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** SIGKILL: no goodbye to clients, no cleanup in the database. */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }

    /** parley.cluster.presence-ttl-seconds -> PARLEY_CLUSTER_PRESENCE_dash_TTL_dash_SECONDS (Helidon's mapping). */
    private static String environmentName(String key) {
        return key.replace("-", "_dash_").replace('.', '_').toUpperCase().replace("_DASH_", "_dash_");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
