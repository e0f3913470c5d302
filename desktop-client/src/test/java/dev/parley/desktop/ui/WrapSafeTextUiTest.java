package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.NodeOrientation;
import javafx.scene.Scene;
import javafx.scene.layout.VBox;
import javafx.scene.text.TextFlow;
import javafx.stage.Stage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * A right-to-left text in pieces is never laid out narrower than its widest piece: a piece cut by a character wrap
 * would cut its right-to-left run, and JavaFX 25.0.2 throws there (a window opening or a list cell's first layout can
 * be as narrow as a few pixels).
 */
class WrapSafeTextUiTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void aRightToLeftTextInANarrowBoxKeepsItsWidestWordWholeAndNothingThrows() {
        List<Throwable> thrown = new ArrayList<>();
        double[] widths = fx(() -> {
            TextFlow flow = WrapSafeText.flow("\u05de\u05d4 \u05e9\u05dc\u05d5\u05de\u05da? \u05e9\u05dc\u05d5\u05dd, "
                    + "\u05e2\u05d5\u05dc\u05dd!", "bubble-text");
            flow.setNodeOrientation(NodeOrientation.RIGHT_TO_LEFT);
            VBox box = new VBox(flow);
            Stage stage = new Stage();
            stage.setScene(new Scene(box, 400, 200));
            stage.show();
            double widest = flow.minWidth(-1);
            for (double width = 2; width <= 120; width += 3) {
                box.setMaxWidth(width);
                box.setPrefWidth(width);
                try {
                    box.resize(width, 200);
                    box.layout();
                    flow.prefHeight(width);
                    flow.getBoundsInParent();
                    flow.getChildren().forEach(javafx.scene.Node::getBoundsInParent);
                } catch (RuntimeException e) {
                    thrown.add(e);
                }
            }
            double laidOut = flow.getWidth();
            stage.close();
            return new double[] {widest, laidOut};
        });

        assertThat(thrown).as("thrown laying the text out").isEmpty();
        assertThat(widths[0]).as("its min width: its widest word").isGreaterThan(30);
        assertThat(widths[1]).as("its width in a box 119 px wide at most").isGreaterThanOrEqualTo(widths[0] - 0.5);
    }
}
