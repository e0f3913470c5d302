package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The browser client's files are served from the {@code web/} root and nothing outside it: no path trick reaches the
 * server's own resources (its configuration, migrations, classes) or the file system, and no error answer carries a
 * stack trace. Requests go over a raw socket so that no client library normalises the path first.
 */
class StaticFilesTest {

    /** Files outside the web root, each with text that shows it leaked. */
    private static final String[][] OUTSIDE = {
        {"application.yaml", "statements"},
        {"logging.properties", "handlers"},
        {"db/migration/V1__chat_schema.sql", "CREATE TABLE"},
        {"dev/parley/server/Main.class", "\u00ca\u00fe\u00ba\u00be"},
        {"etc/passwd", "root:"},
    };

    private static final String[] TRAVERSALS = {
        "/../", "/..%2f", "/..%2F", "/%2e%2e/", "/%2e%2e%2f", "/.%2e/", "/..%5c", "/..\\", "/%2e%2e%5c",
        "/%252e%252e%252f", "/..%252f", "/%c0%ae%c0%ae/", "/%2e%2e/%2e%2e/", "/..%2f..%2f..%2f..%2f..%2f..%2f",
        "/css/..%2f..%2f", "/js/%2e%2e/%2e%2e/", "/./../", "//../", "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/",
        "/..;/", "/%00/../",
    };

    @Test
    void noPathTrickServesAFileOutsideTheWebRoot() {
        for (String traversal : TRAVERSALS) {
            for (String[] file : OUTSIDE) {
                String path = traversal + file[0];

                Answer answer = get(path);

                assertThat(answer.status()).as(path).isIn(400, 404);
                assertThat(answer.body()).as(path).doesNotContain(file[1]);
            }
        }
    }

    @Test
    void theWebRootStillServesItsFiles() {
        assertThat(get("/").status()).isEqualTo(200);
        assertThat(get("/index.html").body()).contains("<html");
        assertThat(get("/css/app.css").status()).isEqualTo(200);
    }

    @Test
    void errorAnswersNeverCarryAStackTrace() {
        String[] requests = {
            "GET /%zz HTTP/1.1", "GET /% HTTP/1.1", "GET /%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd HTTP/1.1",
            "GET /%00 HTTP/1.1", "GET /..%00/application.yaml HTTP/1.1", "GET /\u00ff HTTP/1.1",
            "GET /api/users/?q=%zz HTTP/1.1", "GET /api/messages/?room_uuid=%ZZ HTTP/1.1",
            "BREW / HTTP/1.1", "GET / HTTP/9.9", "GET  HTTP/1.1", "GET / HTTP/1.1\r\nContent-Length: -1",
            "POST /api/auth/login HTTP/1.1\r\nContent-Length: abc", "GET /" + "a".repeat(20_000) + " HTTP/1.1",
            "GET /observe/health/%zz HTTP/1.1", "GET /ws HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade",
        };
        for (String request : requests) {
            Answer answer = send(request);

            assertThat(answer.body()).as(request).doesNotContain("Exception").doesNotContain("\tat ")
                    .doesNotContain("at io.helidon").doesNotContain("at java.");
        }
    }

    /** A status (0 when the connection closed without one) and the body (with headers, for the checks above). */
    record Answer(int status, String body) {
    }

    private static Answer get(String path) {
        return send("GET " + path + " HTTP/1.1");
    }

    private static Answer send(String requestLineAndHeaders) {
        try (Socket socket = new Socket("127.0.0.1", TestServer.get().server().port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((requestLineAndHeaders + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response: its head, then Content-Length bytes or chunks (the server may keep the connection). */
    private static Answer read(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        String response = head.toString();
        int status = response.startsWith("HTTP/1.1 ") && response.length() >= 12
                ? Integer.parseInt(response.substring(9, 12)) : 0;
        String lower = response.toLowerCase(java.util.Locale.ROOT);
        StringBuilder body = new StringBuilder();
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("\r\ncontent-length: *(\\d+)").matcher(lower);
        if (length.find()) {
            body.append(new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.ISO_8859_1));
        } else if (lower.contains("\r\ntransfer-encoding: chunked")) {
            for (int size = chunkSize(in); size > 0; size = chunkSize(in)) {
                body.append(new String(in.readNBytes(size), StandardCharsets.ISO_8859_1));
                in.readNBytes(2);
            }
        }
        return new Answer(status, response + body);
    }

    private static int chunkSize(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        String hex = line.toString().strip();
        return hex.isEmpty() ? 0 : Integer.parseInt(hex.split(";")[0], 16);
    }
}
