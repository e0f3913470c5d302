package dev.parley.desktop.ui;

import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Circle;

/**
 * A round avatar: initials on a colour that depends only on the username (the same FNV-1a slot as the web client),
 * with WhatsApp's green online dot. A person's initials are always those of the name the app shows for them (their
 * display name where set, else their username: {@link #showPerson}), so one person looks the same everywhere. Reused
 * by cells: {@link #show} changes the person.
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
        initials.getStyleClass().removeAll("avatar-initials-lg", "avatar-initials-md", "avatar-initials-sm");
        if (radius >= 30) {
            initials.getStyleClass().add("avatar-initials-lg");
        } else if (radius < 13) {
            initials.getStyleClass().add("avatar-initials-sm");
        } else if (radius < 17) {
            initials.getStyleClass().add("avatar-initials-md");
        }
    }

    public double getRadius() {
        return disc.getRadius();
    }

    /** A person: the initials of their display name where set, else of their username; the colour of the username. */
    public void showPerson(String username, String displayName, boolean online) {
        show(displayName == null || displayName.isBlank() ? username : displayName, username, online);
    }

    /**
     * Shows the initials of {@code label} on the colour of {@code colourKey}: a person's name for both, or a group's
     * name and its room id (so a renamed group keeps its colour).
     */
    public void show(String label, String colourKey, boolean online) {
        initials.setText(initials(label));
        String slot = "avatar-c" + colourIndex(colourKey);
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

    /**
     * Up to two initials, whole characters (an emoji is one): the first of the first two words of "Trip 2027" or
     * "jane.doe" / "jane_doe", else the first two of a single word.
     */
    static String initials(String name) {
        String[] parts = name.strip().split("[._\\-\\s]+");
        StringBuilder letters = new StringBuilder();
        if (parts.length > 1 && !parts[0].isEmpty() && !parts[1].isEmpty()) {
            letters.appendCodePoint(parts[0].codePointAt(0)).appendCodePoint(parts[1].codePointAt(0));
        } else {
            String word = parts.length == 0 ? "" : parts[0].isEmpty() && parts.length > 1 ? parts[1] : parts[0];
            word.codePoints().limit(2).forEach(letters::appendCodePoint);
        }
        return letters.toString().toUpperCase(Locale.ROOT);
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
