package dev.parley.server.tools;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A minimal command-line WebSocket client for trying the protocol by hand ({@code ./parley ws}): every line typed
 * on standard input is sent as one text frame, every frame received is printed on its own line.
 */
public final class WsCat {

    private WsCat() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ws <ws://host:port/ws> <token>");
            System.exit(2);
        }
        CompletableFuture<Void> closed = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + args[1])
                .buildAsync(URI.create(args[0]), new Printer(closed))
                .join();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while (!closed.isDone() && (line = in.readLine()) != null) {
            if (!line.isBlank()) {
                socket.sendText(line, true).join();
            }
        }
        if (!closed.isDone()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
    }

    /** Prints whole text frames and the close code. */
    private record Printer(CompletableFuture<Void> closed, StringBuilder partial) implements WebSocket.Listener {
        Printer(CompletableFuture<Void> closed) {
            this(closed, new StringBuilder());
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                System.out.println(partial);
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            System.out.println("(closed " + statusCode + " " + reason + ")");
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            System.out.println("(error " + error + ")");
            closed.complete(null);
        }
    }
}
