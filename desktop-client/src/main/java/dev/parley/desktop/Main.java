package dev.parley.desktop;

import java.util.ArrayList;
import java.util.List;
import javafx.application.Application;

/**
 * Starts the desktop client: {@code parley desktop [--server http://host:port]}. A plain main class so that JavaFX
 * can sit on the classpath.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        List<String> named = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--server") && i + 1 < args.length) {
                named.add("--server=" + args[++i]);
            } else if (args[i].equals("-h") || args[i].equals("--help")) {
                System.out.println("usage: parley desktop [--server http://host:port]");
                return;
            } else {
                named.add(args[i]);
            }
        }
        Application.launch(ParleyApp.class, named.toArray(String[]::new));
        System.exit(0); // AWT (the tray icon) would otherwise keep the JVM alive
    }
}
