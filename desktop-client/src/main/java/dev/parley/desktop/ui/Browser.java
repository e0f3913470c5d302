package dev.parley.desktop.ui;

import java.awt.Desktop;
import java.io.IOException;
import java.net.URI;

/**
 * Opens a link from a message in the system browser. {@code Desktop.browse} can block while the browser starts, so
 * it runs on a thread of its own, never on the FX thread.
 */
public final class Browser {

    private static final System.Logger LOG = System.getLogger(Browser.class.getName());

    private Browser() {}

    /** Opens {@code url} (an http(s) URL from {@code RichText}) in the background; a failure is logged. */
    public static void open(String url) {
        Thread.ofVirtual().name("open-link").start(() -> {
            try {
                if (Desktop.isDesktopSupported() && Desktop.getDesktop().isSupported(Desktop.Action.BROWSE)) {
                    Desktop.getDesktop().browse(URI.create(url));
                } else {
                    LOG.log(System.Logger.Level.WARNING, "No system browser to open {0}", url);
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not open " + url, e);
            }
        });
    }
}
