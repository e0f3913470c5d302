package dev.parley.desktop.ui;

import static dev.parley.desktop.support.DesktopApp.fx;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Parent;
import javafx.scene.control.Hyperlink;
import javafx.scene.layout.Region;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/** Clicking a link in a bubble hands its URL to the opener (the system browser in the app), and nothing else. */
class BubbleLinkTest {

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void firingALinkOpensItsAddress() {
        List<String> opened = new CopyOnWriteArrayList<>();

        fx(() -> {
            Bubble bubble = new Bubble(new Region(), new Region(),
                    new AttachmentsPane(null, a -> { }, a -> { }, a -> null), opened::add);
            bubble.setText("read https://example.com/a?b=1, then *reply*", false, false);
            Parent flow = (Parent) bubble.getChildrenUnmodifiable().getFirst();
            flow.getChildrenUnmodifiable().stream().filter(Hyperlink.class::isInstance).map(Hyperlink.class::cast)
                    .forEach(Hyperlink::fire);
            return null;
        });

        assertThat(opened).containsExactly("https://example.com/a?b=1");
    }
}
