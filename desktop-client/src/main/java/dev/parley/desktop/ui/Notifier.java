package dev.parley.desktop.ui;

import java.awt.AWTException;
import java.awt.EventQueue;
import java.awt.GraphicsEnvironment;
import java.awt.SystemTray;
import java.awt.TrayIcon;
import java.awt.image.BufferedImage;
import java.lang.System.Logger.Level;
import javafx.animation.FadeTransition;
import javafx.animation.PauseTransition;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * Notifications for messages in chats that are not in front of the user: an in-app toast (click opens the chat,
 * gone after a few seconds) and, where the platform has a system tray, a tray balloon. FX thread only.
 */
public final class Notifier {

    private static final System.Logger LOG = System.getLogger(Notifier.class.getName());
    private static final int MAX_TOASTS = 3;

    private VBox toasts;
    private TrayIcon trayIcon;
    private boolean trayTried;

    public void attach(VBox toasts) {
        this.toasts = toasts;
    }

    public void show(String title, String text, Runnable onClick) {
        if (toasts != null) {
            toast(title, text, onClick);
        }
        tray(title, text);
    }

    private void toast(String title, String text, Runnable onClick) {
        Avatar avatar = new Avatar(18);
        avatar.show(title, false);
        Label name = new Label(title);
        name.getStyleClass().add("toast-title");
        Label body = new Label(text.length() > 120 ? text.substring(0, 119) + "…" : text);
        body.getStyleClass().add("toast-text");
        body.setWrapText(true);
        VBox words = new VBox(2, name, body);
        HBox toast = new HBox(10, avatar, words);
        toast.getStyleClass().add("toast");
        toast.setOnMouseClicked(e -> {
            toasts.getChildren().remove(toast);
            onClick.run();
        });
        toasts.getChildren().addFirst(toast);
        while (toasts.getChildren().size() > MAX_TOASTS) {
            toasts.getChildren().removeLast();
        }
        PauseTransition wait = new PauseTransition(Duration.seconds(4));
        FadeTransition fade = new FadeTransition(Duration.millis(300), toast);
        fade.setToValue(0);
        fade.setOnFinished(e -> toasts.getChildren().remove(toast));
        wait.setOnFinished(e -> fade.play());
        wait.play();
    }

    /** Removes every toast; true when there was one (Esc). */
    public boolean dismissAll() {
        boolean any = toasts != null && !toasts.getChildren().isEmpty();
        if (any) {
            toasts.getChildren().clear();
        }
        return any;
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
