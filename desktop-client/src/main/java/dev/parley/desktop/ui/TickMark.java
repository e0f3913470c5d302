package dev.parley.desktop.ui;

import dev.parley.desktop.chat.Tick;
import javafx.css.PseudoClass;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.SVGPath;

/** WhatsApp's delivery mark: clock, one tick, two grey ticks, two blue ticks (pseudo-class {@code read}), or an alert. */
public final class TickMark extends StackPane {

    private static final String CLOCK = "M1.5 6.5 A5 5 0 1 1 11.5 6.5 A5 5 0 1 1 1.5 6.5 M6.5 3.5 V6.8 L8.6 8.2";
    private static final String ONE = "M2.5 6.8 L5.6 9.8 L12 3";
    private static final String TWO = "M0.8 6.8 L3.9 9.8 L10.3 3 M6.4 9.2 L7 9.8 L13.4 3";
    private static final String FAILED = "M6.5 1.5 A5 5 0 1 1 6.49 1.5 Z M6.5 3.8 V7.2 M6.5 8.8 V9.4";
    private static final PseudoClass READ = PseudoClass.getPseudoClass("read");
    private static final PseudoClass PENDING = PseudoClass.getPseudoClass("pending");
    private static final PseudoClass FAIL = PseudoClass.getPseudoClass("failed");

    private final SVGPath path = new SVGPath();
    private Tick tick = Tick.NONE;

    public TickMark() {
        getStyleClass().add("tick");
        path.getStyleClass().add("tick-path");
        getChildren().add(path);
        setMinSize(15, 12);
        setPrefSize(15, 12);
        show(Tick.NONE);
    }

    public void show(Tick value) {
        tick = value == null ? Tick.NONE : value;
        path.setContent(switch (tick) {
            case NONE -> "";
            case PENDING -> CLOCK;
            case SENT -> ONE;
            case DELIVERED, READ -> TWO;
            case FAILED -> FAILED;
        });
        setVisible(tick != Tick.NONE);
        setManaged(tick != Tick.NONE);
        pseudoClassStateChanged(READ, tick == Tick.READ);
        pseudoClassStateChanged(PENDING, tick == Tick.PENDING);
        pseudoClassStateChanged(FAIL, tick == Tick.FAILED);
    }

    /** What is shown: tests read it instead of pixels. */
    public Tick tick() {
        return tick;
    }
}
