package dev.parley.desktop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.geometry.Rectangle2D;
import org.junit.jupiter.api.Test;

/** Where the window opens, from where it was left and the screens there are now. */
class WindowPlacementTest {

    private static final Rectangle2D LAPTOP = new Rectangle2D(0, 0, 1280, 760);
    private static final Rectangle2D MONITOR = new Rectangle2D(1280, 0, 1920, 1050);

    @Test
    void aWindowLeftOnAScreenOpensJustThere() {
        assertThat(WindowPlacement.fit(1400, 100, 1000, 700, List.of(LAPTOP, MONITOR), LAPTOP))
                .isEqualTo(new Rectangle2D(1400, 100, 1000, 700));
    }

    @Test
    void aWindowHangingOffItsScreenIsMovedAndShrunkOntoIt() {
        assertThat(WindowPlacement.fit(900, 500, 1600, 900, List.of(LAPTOP), LAPTOP))
                .isEqualTo(new Rectangle2D(0, 0, 1280, 760));
        assertThat(WindowPlacement.fit(-50, 300, 800, 600, List.of(LAPTOP), LAPTOP))
                .isEqualTo(new Rectangle2D(0, 160, 800, 600));
    }

    @Test
    void aWindowOnAScreenThatIsGoneOrNeverPlacedOpensCentredOnThePrimaryOne() {
        Rectangle2D centred = new Rectangle2D(90, 20, 1100, 720);

        assertThat(WindowPlacement.fit(1400, 100, 1100, 720, List.of(LAPTOP), LAPTOP)).isEqualTo(centred);
        assertThat(WindowPlacement.fit(Double.NaN, Double.NaN, 1100, 720, List.of(LAPTOP), LAPTOP)).isEqualTo(centred);
    }
}
