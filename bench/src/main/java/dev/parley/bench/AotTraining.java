package dev.parley.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./parley bench aot}: records the JDK's AOT cache for a server jar (classes loaded and linked, and method
 * profiles: JEPs 483, 514 and 515) from a training run, a storm after a kill: the start of a node, then the
 * handshakes, sessions, presence, syncs and sends of everyone coming back to it. The trained node's JVM writes the
 * cache when it exits; it goes beside the jar, where the servers the bench and {@code ./parley run} start find it
 * ({@link Server#usableAotCache}), until the jar is built again.
 */
final class AotTraining {

    /** Clients of the training storm: enough for every path of a return to run hot. */
    static final int USERS = 2000;

    private AotTraining() {
    }

    /** Traffic before the fault and after everyone is back, in seconds. */
    static final int SECONDS = 5;

    /**
     * Trains with a storm of {@code users} clients ({@code seconds} of traffic before the kill and after the return)
     * and puts the cache at {@code cache} (replacing an older one).
     */
    static void train(Path jar, Path cache, int users, int seconds, Path results, PrintStream out) {
        Path partial = cache.resolveSibling(cache.getFileName() + ".part");
        Path servers = results.toAbsolutePath().getParent().resolve("servers");
        out.println("[bench] training the server's AOT cache (a storm of " + users + " clients after a kill): " + cache);
        try {
            Files.deleteIfExists(partial);
            List<String> jvm = new ArrayList<>(Server.shippedJvmOptions(jar));
            jvm.add("-XX:AOTCacheOutput=" + partial);
            // The storm's proportions (200 msgs/s for 5,000 clients: far under a sync's 500 per room), so that a
            // small training run does not fill rooms faster than one sync replays them.
            Options training = Options.parse("--users", Integer.toString(users), "--fault", "kill", "--before",
                    Integer.toString(seconds), "--after", Integer.toString(seconds), "--groups",
                    Integer.toString(Math.max(1, users / 100)), "--rate", Integer.toString(Math.max(1, users / 10)));
            Report trained;
            try (Server server = Server.start(new Server.Launch(jar, servers, null, jvm, Map.of()))) {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                trained = StormScenario.run(new Context(server, new Api(http, server.http()), http, training, out,
                        results));
            } // the node exits here (SIGTERM), and its JVM writes the cache before it ends
            if (!trained.ok() || !Files.isRegularFile(partial)) {
                throw new IllegalStateException("the training run " + (trained.ok() ? "left no AOT cache"
                        : "failed: " + trained.failures()) + " (server logs under " + servers + ")");
            }
            Files.move(partial, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            out.println("[bench] AOT cache written: " + cache + " (" + Files.size(cache) / (1024 * 1024) + " MB)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
