package dev.parley.desktop.ui;

import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Circle;

/**
 * A round avatar: initials on a colour that depends only on the username (the same FNV-1a slot as the web client),
 * with WhatsApp's green online dot. Reused by cells: {@link #show} changes the person.
 */
public final class Avatar extends StackPane {

    private static final int PALETTE = 12;
    private static final PseudoClass ONLINE = PseudoClass.getPseudoClass("online");

    private final Circle disc = new Circle();
    private final Label initials = new Label();
    private final Circle dot = new Circle();
    private String colourClass;

    public Avatar() {
        this(20);
    }

    public Avatar(double radius) {
        getStyleClass().add("avatar");
        disc.getStyleClass().add("avatar-disc");
        initials.getStyleClass().add("avatar-initials");
        dot.getStyleClass().add("online-dot");
        dot.setManaged(false);
        dot.setVisible(false);
        getChildren().addAll(disc, initials, dot);
        setRadius(radius);
    }

    public void setRadius(double radius) {
        disc.setRadius(radius);
        dot.setRadius(Math.max(4, radius / 5));
        dot.setCenterX(radius * 1.7);
        dot.setCenterY(radius * 1.7);
        setMinSize(radius * 2, radius * 2);
        setPrefSize(radius * 2, radius * 2);
        setMaxSize(radius * 2, radius * 2);
        initials.setStyle(null);
        initials.getStyleClass().removeAll("avatar-initials-lg");
        if (radius >= 30) {
            initials.getStyleClass().add("avatar-initials-lg");
        }
    }

    public double getRadius() {
        return disc.getRadius();
    }

    public void show(String username, boolean online) {
        initials.setText(initials(username));
        String slot = "avatar-c" + colourIndex(username);
        if (!slot.equals(colourClass)) {
            getStyleClass().remove(colourClass);
            getStyleClass().add(slot);
            colourClass = slot;
        }
        setOnline(online);
    }

    public void setOnline(boolean online) {
        dot.setVisible(online);
        pseudoClassStateChanged(ONLINE, online);
    }

    /** Up to two initials: from the parts of "jane.doe" / "jane_doe", else the first two letters. */
    static String initials(String name) {
        String[] parts = name.split("[._\\-\\s]+");
        String letters = parts.length > 1 && !parts[0].isEmpty() && !parts[1].isEmpty()
                ? "" + parts[0].charAt(0) + parts[1].charAt(0)
                : name.substring(0, Math.min(2, name.length()));
        return letters.toUpperCase(Locale.ROOT);
    }

    /** FNV-1a over the code points, as the web client does, so a person has one colour everywhere. */
    static int colourIndex(String name) {
        int hash = 0x811c9dc5;
        for (int cp : name.codePoints().toArray()) {
            hash ^= cp;
            hash *= 0x01000193;
        }
        return (int) (Integer.toUnsignedLong(hash) % PALETTE);
    }
}
