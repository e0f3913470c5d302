package dev.parley.desktop.ui;

import dev.parley.desktop.chat.ChatItem;
import dev.parley.desktop.chat.MainViewModel.Notice;
import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.animation.FadeTransition;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import javafx.util.Duration;

/**
 * Shows the notices of chats that are not in front of the user: one in-app toast per chat, kept in step with the
 * ViewModel's list (a new message updates its chat's toast; a read chat's toast goes), gone after a few seconds
 * without news, click opens the chat; where the platform has a system tray, a balloon when a chat's toast appears.
 * FX thread only.
 */
public final class Notifier {

    private static final System.Logger LOG = System.getLogger(Notifier.class.getName());
    private static final int MAX_TOASTS = 3;
    private static final Duration SHOWN = Duration.seconds(4);

    /** One chat's toast and its timer. */
    private final class Toast {
        final HBox node;
        final Avatar avatar = new Avatar(18);
        final Label title = new Label();
        final TextFlow body = new WrapSafeText.Flow(); // a wrapping label safe for right-to-left text
        final PauseTransition wait = new PauseTransition(SHOWN);
        final FadeTransition fade;
        Notice notice;

        Toast() {
            title.getStyleClass().add("toast-title");
            body.getStyleClass().add("toast-body");
            node = new HBox(10, avatar, new VBox(2, title, body));
            node.getStyleClass().add("toast");
            node.setOnMouseClicked(e -> onClick.accept(notice));
            fade = new FadeTransition(Duration.millis(300), node);
            fade.setToValue(0);
            fade.setOnFinished(e -> onExpired.accept(notice));
            wait.setOnFinished(e -> fade.play());
        }

        void show(Notice next) {
            notice = next;
            if (next.chat().group()) {
                avatar.show(next.title(), next.chat().roomUuid().toString(), false); // the group's colour, as listed
            } else {
                avatar.show(next.title(), next.chat().peer(), false); // the name listed, the person's colour
            }
            title.setText(next.title());
            String text = next.text();
            WrapSafeText.set(body, text.length() > 120 ? text.substring(0, 119) + "…" : text, "toast-text");
            body.setNodeOrientation(WrapSafeText.orientation(text)); // a right-to-left paragraph, as in its bubble
            fade.stop();
            node.setOpacity(1);
            wait.playFromStart();
        }

        void stop() {
            wait.stop();
            fade.stop();
        }
    }

    private final Map<ChatItem, Toast> shown = new HashMap<>();
    private VBox toasts;
    private List<Notice> notices = List.of();
    private Consumer<Notice> onClick = notice -> { };
    private Consumer<Notice> onExpired = notice -> { };
    private TrayIcon trayIcon;
    private boolean trayTried;

    /** Shows {@code notices} in {@code toasts} from now on; a click or the timer hands the notice back. */
    public void attach(VBox toasts, ObservableList<Notice> notices, Consumer<Notice> onClick,
                       Consumer<Notice> onExpired) {
        this.toasts = toasts;
        this.notices = notices;
        this.onClick = onClick;
        this.onExpired = onExpired;
        notices.addListener((ListChangeListener<Notice>) change -> sync());
        sync();
    }

    private void sync() {
        List<Notice> front = notices.subList(0, Math.min(MAX_TOASTS, notices.size()));
        Map<ChatItem, Notice> wanted = new HashMap<>();
        front.forEach(n -> wanted.put(n.chat(), n));
        shown.entrySet().removeIf(e -> {
            boolean gone = !wanted.containsKey(e.getKey());
            if (gone) {
                e.getValue().stop();
            }
            return gone;
        });
        List<HBox> nodes = new ArrayList<>();
        for (Notice notice : front) {
            Toast toast = shown.get(notice.chat());
            if (toast == null) {
                toast = new Toast();
                shown.put(notice.chat(), toast);
                tray(notice.title(), notice.text()); // once per toast: a burst of messages is one balloon
            }
            if (toast.notice != notice) {
                toast.show(notice);
            }
            nodes.add(toast.node);
        }
        toasts.getChildren().setAll(nodes);
    }

    private void tray(String title, String text) {
        if (GraphicsEnvironment.isHeadless()) {
            return;
        }
        EventQueue.invokeLater(() -> {
            try {
                if (!trayTried) {
                    trayTried = true;
                    if (SystemTray.isSupported()) {
                        trayIcon = new TrayIcon(icon(), "Parley");
                        trayIcon.setImageAutoSize(true);
                        SystemTray.getSystemTray().add(trayIcon);
                    }
                }
                if (trayIcon != null) {
                    trayIcon.displayMessage(title, text, TrayIcon.MessageType.INFO);
                }
            } catch (AWTException | RuntimeException e) {
                LOG.log(Level.DEBUG, "no system tray: {0}", e.toString());
            }
        });
    }

    /** Removes the tray icon so the AWT thread lets the JVM exit. */
    public void close() {
        if (trayIcon != null) {
            TrayIcon icon = trayIcon;
            EventQueue.invokeLater(() -> SystemTray.getSystemTray().remove(icon));
        }
    }

    private static BufferedImage icon() {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = image.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new java.awt.Color(0x00a884));
        g.fillOval(1, 1, 30, 30);
        g.setColor(java.awt.Color.WHITE);
        g.setFont(g.getFont().deriveFont(java.awt.Font.BOLD, 18f));
        g.drawString("P", 10, 23);
        g.dispose();
        return image;
    }
}
