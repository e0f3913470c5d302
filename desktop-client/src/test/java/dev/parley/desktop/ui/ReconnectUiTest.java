package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.eventually;
import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ConnectionState;
import dev.parley.desktop.chat.MessageItem;
import dev.parley.desktop.chat.Tick;
import dev.parley.desktop.support.DesktopApp;
import dev.parley.desktop.support.Peer;
import dev.parley.desktop.support.TestNode;
import dev.parley.server.Parley;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.net.ServerSocket;
import javafx.scene.control.Labeled;
import javafx.scene.layout.HBox;
import javafx.scene.text.Text;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The server goes away under a connected client (its node is closed: every socket gets 1001) and comes back on the
 * same data and port: the client says it is offline, keeps what is written meanwhile, then syncs and sends it,
 * and every message shows exactly once.
 */
class ReconnectUiTest {

    private DesktopApp desktop;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        if (desktop != null) {
            desktop.close();
        }
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    @Test
    void afterTheServerRestartsTheClientCatchesUpAndSendsItsOutboxWithoutDuplicates() throws Exception {
        Path data = TestNode.freshDataDir();
        Parley first = TestNode.start(data, 0);
        int port = first.server().port();
        URI server = TestNode.http(first);
        Peer alice = Peer.register(server, "ralice");
        Peer bob = Peer.register(server, "rbob");
        UUID room = bob.roomWith(alice);
        bob.post(room, "before the restart");
        desktop = DesktopApp.signedIn(server, alice);
        var robot = desktop.robot();
        eventually("the chat is listed", () -> desktop.vm() != null && desktop.chatWith(bob) != null);
        ChatItem chat = desktop.chatWith(bob);
        robot.clickOn(bob.username());
        eventually("the conversation is loaded", () -> chat.messages().size() == 1);
        eventually("online", () -> desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        // The state of the connection each time the banner goes: only once caught up, never on the socket's open.
        List<ConnectionState> bannerHiddenAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        fx(() -> {
            desktop.lookup("#connectionBanner").visibleProperty().addListener((obs, was, visible) -> {
                if (!visible) {
                    bannerHiddenAt.add(desktop.vm().connectionProperty().get());
                }
            });
            return null;
        });

        first.close();
        eventually("the banner says the client is offline",
                () -> ((HBox) desktop.lookup("#connectionBanner")).isVisible());
        robot.clickOn("#composerField").write("written while offline").type(KeyCode.ENTER);
        eventually("the offline message waits with a clock", () -> chat.messages().size() == 2
                && chat.messages().getLast().tick() == Tick.PENDING);

        Parley second = TestNode.start(data, port);
        closeables.add(second);
        bob.post(room, "missed one");
        bob.post(room, "missed two");
        eventually("back online", () -> desktop.vm().connectionProperty().get() == ConnectionState.ONLINE);
        eventually("everything arrived and the outbox went out", () -> chat.messages().size() == 4
                && chat.messages().stream().noneMatch(MessageItem::pending));

        List<String> shown = fx(() -> chat.messages().stream().map(MessageItem::content).toList());
        List<Long> seqs = fx(() -> chat.messages().stream().map(MessageItem::seq).toList());
        JsonNode history = bob.history(room);
        List<String> stored = new ArrayList<>();
        history.forEach(m -> stored.add(m.get("content").asText()));
        assertThat(shown).containsExactlyInAnyOrder("before the restart", "written while offline", "missed one",
                "missed two");
        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L);
        assertThat(stored).containsExactlyElementsOf(shown);
        assertThat(fx(() -> ((HBox) desktop.lookup("#connectionBanner")).isVisible())).isFalse();
        assertThat(bannerHiddenAt).containsExactly(ConnectionState.ONLINE);
    }

    @Test
    void theOfflineBannerShowsAllItsWordsAndItsButtonAtTheDefaultWindowSize() throws Exception {
        Peer alice = Peer.register(TestNode.http(TestNode.shared()), "oalice");
        int deadPort;
        try (ServerSocket free = new ServerSocket(0)) {
            deadPort = free.getLocalPort(); // nothing listens there once it is closed
        }
        desktop = DesktopApp.signedIn(URI.create("http://127.0.0.1:" + deadPort), alice);
        eventually("the banner says the server is out of reach", () -> desktop.vm() != null
                && ((HBox) desktop.lookup("#connectionBanner")).isVisible()
                && desktop.vm().connectionTextProperty().get().startsWith("Can't reach the server. Reconnecting"));
        desktop.screenshot("banner-light");
        fx(() -> {
            desktop.app().darkThemeProperty().set(true);
            return null;
        });
        desktop.screenshot("banner-dark");

        eventually("every word of the banner shows", () -> {
            HBox banner = desktop.lookup("#connectionBanner");
            return banner.isVisible() && java.util.stream.Stream.concat(banner.lookupAll(".label").stream(),
                            banner.lookupAll(".hyperlink").stream())
                    .map(n -> (Labeled) n)
                    .allMatch(l -> l.getText().isEmpty() || l.lookup(".text") instanceof Text shown
                            && shown.getText().equals(l.getText()));
        });
    }
}
