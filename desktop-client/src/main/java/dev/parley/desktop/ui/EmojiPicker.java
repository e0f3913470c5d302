package dev.parley.desktop.ui;

import dev.parley.desktop.chat.EmojiSet;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;

/**
 * The composer's emoji picker, built in code: {@link EmojiSet}'s categories in a panel over the composer (in the
 * layout, so the messages make room as WhatsApp's panel does). It opens on its first emoji; arrows move (Up and Down
 * to the emoji above or below), Enter or Space inserts at the composer's caret and stays for another, Esc or Tab
 * closes it with the caret back in the composer, and a letter typed goes on in the composer. A click inserts and
 * puts the caret back in the composer, the picker still open. Its first row, "Frequently used", is asked for again
 * at each open (the emoji the user sends and reacts with most). FX thread only.
 */
final class EmojiPicker extends VBox {

    private static final int COLUMNS = 8;

    private final TextInputControl composer;
    private final ScrollPane scroller;
    private final Supplier<List<String>> frequent;
    private final VBox groups = new VBox();
    private final TilePane frequentGrid;
    private List<Button> buttons;

    /** {@code frequent} gives the "Frequently used" row (its place in {@link EmojiSet#GROUPS} is the first). */
    EmojiPicker(TextInputControl composer, Supplier<List<String>> frequent) {
        this.composer = composer;
        this.frequent = frequent;
        groups.getStyleClass().add("emoji-groups");
        for (EmojiSet.Group group : EmojiSet.GROUPS) {
            Label label = new Label(group.label());
            label.getStyleClass().add("emoji-group-label");
            TilePane grid = new TilePane();
            grid.setPrefColumns(COLUMNS);
            grid.getStyleClass().add("emoji-grid");
            group.emoji().forEach(emoji -> grid.getChildren().add(button(emoji)));
            groups.getChildren().addAll(label, grid);
        }
        frequentGrid = (TilePane) groups.getChildren().get(1);
        frequentGrid.setId("frequentEmoji");
        buttons = allButtons();
        scroller = new ScrollPane(groups);
        scroller.setFitToWidth(true);
        scroller.setFocusTraversable(false);
        scroller.getStyleClass().add("emoji-scroller");
        scroller.setMaxWidth(USE_PREF_SIZE); // eight emoji to a row; the panel itself spans the conversation
        getChildren().add(scroller);
        getStyleClass().add("emoji-picker");
        setId("emojiPicker");
        close(false);
        addEventFilter(KeyEvent.KEY_PRESSED, this::keyPressed);
        addEventFilter(KeyEvent.KEY_TYPED, this::keyTyped);
    }

    private List<Button> allButtons() {
        return groups.getChildren().stream().filter(TilePane.class::isInstance)
                .flatMap(grid -> ((TilePane) grid).getChildren().stream()).map(Button.class::cast).toList();
    }

    private Button button(String emoji) {
        Button button = new Button(emoji);
        button.getStyleClass().add("emoji-choice");
        button.setUserData(emoji);
        button.setOnAction(e -> { // a click: Enter and Space are the key filter's
            insert(emoji);
            composer.requestFocus();
        });
        return button;
    }

    boolean isOpen() {
        return isVisible();
    }

    /** Opens on its first emoji, scrolled to the top. */
    void open() {
        frequentGrid.getChildren().setAll(frequent.get().stream().map(this::button).toList()); // what I used since
        buttons = allButtons();
        setVisible(true);
        setManaged(true);
        scroller.setVvalue(0);
        Platform.runLater(buttons.getFirst()::requestFocus); // once it is laid out and showing
    }

    /** Closes; {@code refocus} puts the caret back in the composer (the keyboard's way out). */
    void close(boolean refocus) {
        setVisible(false);
        setManaged(false);
        if (refocus) {
            composer.requestFocus();
        }
    }

    void toggle() {
        if (isOpen()) {
            close(true);
        } else if (!composer.isDisabled()) {
            open();
        }
    }

    /** Whether {@code node} is in the picker. */
    boolean contains(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == this) {
                return true;
            }
        }
        return false;
    }

    /** Puts {@code emoji} where the composer's caret is, replacing a selection, as typing it would. */
    private void insert(String emoji) {
        if (!composer.isDisabled()) {
            composer.replaceSelection(emoji);
        }
    }

    private void keyPressed(KeyEvent e) {
        Node focus = getScene() == null ? null : getScene().getFocusOwner();
        int at = buttons.indexOf(focus);
        Button target = null;
        switch (e.getCode()) {
            case ESCAPE, TAB -> close(true);
            case ENTER, SPACE -> {
                if (at >= 0) {
                    insert((String) buttons.get(at).getUserData());
                }
            }
            case RIGHT -> target = at + 1 < buttons.size() ? buttons.get(at + 1) : null;
            case LEFT -> target = at > 0 ? buttons.get(at - 1) : null;
            case DOWN, UP -> target = at < 0 ? null : vertical(buttons.get(at), e.getCode() == KeyCode.DOWN ? 1 : -1);
            case HOME -> target = buttons.getFirst();
            case END -> target = buttons.getLast();
            default -> {
                return; // letters come as KEY_TYPED; anything else is not the picker's
            }
        }
        e.consume();
        if (target != null) {
            target.requestFocus();
            scrollTo(target);
        }
    }

    /** A letter typed here goes on in the composer, as if the picker had not been in the way. */
    private void keyTyped(KeyEvent e) {
        String typed = e.getCharacter();
        if (typed.isEmpty() || typed.equals(" ") || Character.isISOControl(typed.charAt(0)) || e.isShortcutDown()
                || e.isAltDown()) {
            return;
        }
        e.consume();
        close(true);
        composer.replaceSelection(typed);
    }

    /** The emoji in the row above or below {@code from} nearest to it across, or null at the top or bottom. */
    private Button vertical(Button from, int direction) {
        Bounds at = from.localToScene(from.getBoundsInLocal());
        List<Button> beyond = buttons.stream().filter(b -> {
            Bounds r = b.localToScene(b.getBoundsInLocal());
            return direction > 0 ? r.getMinY() > at.getCenterY() : r.getMaxY() < at.getCenterY();
        }).toList();
        if (beyond.isEmpty()) {
            return null;
        }
        Comparator<Button> byRow = Comparator.comparingDouble(b -> b.localToScene(b.getBoundsInLocal()).getMinY());
        Button rowStart = direction > 0 ? beyond.stream().min(byRow).orElseThrow()
                : beyond.stream().max(byRow).orElseThrow();
        double rowY = rowStart.localToScene(rowStart.getBoundsInLocal()).getMinY();
        return beyond.stream()
                .filter(b -> Math.abs(b.localToScene(b.getBoundsInLocal()).getMinY() - rowY) < 1)
                .min(Comparator.comparingDouble(b ->
                        Math.abs(b.localToScene(b.getBoundsInLocal()).getCenterX() - at.getCenterX())))
                .orElseThrow();
    }

    /** Scrolls just enough for {@code button} to show whole. */
    private void scrollTo(Button button) {
        Node content = scroller.getContent();
        double contentHeight = content.getBoundsInLocal().getHeight();
        double viewport = scroller.getViewportBounds().getHeight();
        if (contentHeight <= viewport) {
            return;
        }
        Bounds b = content.sceneToLocal(button.localToScene(button.getBoundsInLocal()));
        double top = scroller.getVvalue() * (contentHeight - viewport);
        if (b.getMinY() < top) {
            top = b.getMinY();
        } else if (b.getMaxY() > top + viewport) {
            top = b.getMaxY() - viewport;
        }
        scroller.setVvalue(top / (contentHeight - viewport));
    }
}
