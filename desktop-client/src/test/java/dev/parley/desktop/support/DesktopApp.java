package dev.parley.desktop.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.desktop.ConfigStore;
import dev.parley.desktop.ParleyApp;
import dev.parley.desktop.login.Session;
import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.ChatListViewModel;
import dev.parley.desktop.chat.ConversationViewModel;
import dev.parley.desktop.chat.MainViewModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * One run of the real desktop app in the headless toolkit, with a config directory of its own, plus the bounded
 * waits the UI tests use: conditions are evaluated on the FX thread, never with sleeps.
 */
public final class DesktopApp implements AutoCloseable {

    public static final int WAIT_SECONDS = 20;

    private final ConfigStore store;
    private final ParleyApp app;
    private final FxRobot robot = new FxRobot();

    private DesktopApp(ConfigStore store, URI server) throws TimeoutException {
        this.store = store;
        this.app = (ParleyApp) FxToolkit.setupApplication(() -> new ParleyApp(store, server));
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Starts at the sign-in screen. */
    public static DesktopApp signedOut(URI server) throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        return new DesktopApp(new ConfigStore(freshConfigDir()), server);
    }

    /** Starts signed in as {@code peer}, as a second run after a successful sign-in would. */
    public static DesktopApp signedIn(URI server, Peer peer) throws TimeoutException {
        return signedIn(server, peer, new Properties());
    }

    /** As {@link #signedIn(URI, Peer)}, with these settings remembered from before (theme, window bounds...). */
    public static DesktopApp signedIn(URI server, Peer peer, Properties settings) throws TimeoutException {
        FxToolkit.registerPrimaryStage();
        ConfigStore store = new ConfigStore(freshConfigDir());
        store.saveSession(new Session(server, peer.username(), peer.token()));
        if (!settings.isEmpty()) {
            store.saveSettings(settings);
        }
        return new DesktopApp(store, server);
    }

    private static Path freshConfigDir() {
        try {
            Files.createDirectories(Path.of("target"));
            return Files.createTempDirectory(Path.of("target").toAbsolutePath(), "config-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FxRobot robot() {
        return robot;
    }

    public ConfigStore store() {
        return store;
    }

    public ParleyApp app() {
        return app;
    }

    public MainViewModel vm() {
        return fx(app::mainViewModel);
    }

    public ChatListViewModel chats() {
        return fx(app::chatListViewModel);
    }

    public ConversationViewModel conversation() {
        return fx(app::conversationViewModel);
    }

    public Stage stage() {
        return (Stage) robot.listWindows().stream().filter(w -> w instanceof Stage s && s.isShowing())
                .findFirst().orElseThrow();
    }

    public ChatItem chatWith(Peer peer) {
        return fx(() -> chats().allChats().stream().filter(c -> peer.username().equals(c.peer())).findFirst()
                .orElse(null));
    }

    /** Runs on the FX thread and returns the result. */
    public static <T> T fx(Callable<T> callable) {
        try {
            return WaitForAsyncUtils.asyncFx(callable).get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /** Waits (bounded) until the condition, evaluated on the FX thread, holds. */
    public static void eventually(String what, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(WAIT_SECONDS, TimeUnit.SECONDS, () -> Boolean.TRUE.equals(fx(condition)));
        } catch (TimeoutException e) {
            throw new AssertionError("timed out waiting until " + what, e);
        }
    }

    /** Lays the window out afresh and waits for two layout pulses after that. */
    public void awaitLayout() {
        AtomicInteger pulses = new AtomicInteger();
        Runnable count = pulses::incrementAndGet;
        fx(() -> {
            stage().getScene().addPostLayoutPulseListener(count);
            stage().getScene().getRoot().requestLayout();
            Platform.requestNextPulse();
            return null;
        });
        eventually("two layout pulses", () -> {
            Platform.requestNextPulse();
            return pulses.get() >= 2;
        });
        fx(() -> {
            stage().getScene().removePostLayoutPulseListener(count);
            return null;
        });
    }

    public <T extends Node> T lookup(String query) {
        return robot.lookup(query).query();
    }

    /** Saves a PNG of the window's content under {@code target/screenshots}. */
    public Path screenshot(String name) {
        WaitForAsyncUtils.waitForFxEvents();
        return save(fx(() -> stage().getScene().getRoot().snapshot(null, null)), name);
    }

    /** Saves {@code image} (a snapshot taken at the right moment) as a PNG under {@code target/screenshots}. */
    public Path save(WritableImage image, String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path file = dir.resolve(name + ".png");
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
            assertThat(file).isNotEmptyFile();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws TimeoutException {
        FxToolkit.cleanupApplication(app);
        FxToolkit.cleanupStages();
    }
}
